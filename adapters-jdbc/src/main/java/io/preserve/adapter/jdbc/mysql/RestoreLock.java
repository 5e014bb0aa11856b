package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.error.DatabaseBusy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;

import static org.jooq.impl.DSL.function;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;

/**
 * One restore of a database at a time, and an exclusive backup beside none: a named lock ({@code GET_LOCK}), which
 * any user may take, held by the session until it ends. Never waited for: another holder is named and refused.
 */
final class RestoreLock {
    private RestoreLock() {
    }

    /** Takes the lock of {@code schema}, or throws {@link DatabaseBusy} naming the connection that holds it. */
    static void take(Statements sql, String schema, String what) throws SQLException {
        String lock = name(schema);
        long got = sql.number(sql.dsl().select(function("GET_LOCK", Integer.class, val(lock), inline(0))));
        if (got == 1) return;
        long holder = sql.number(sql.dsl().select(function("IS_USED_LOCK", Long.class, val(lock))));
        throw new DatabaseBusy("another restore or exclusive backup of database " + schema + " runs (connection "
                + holder + "); " + what + " was refused");
    }

    static void release(Statements sql, String schema) throws SQLException {
        sql.query(sql.dsl().select(function("RELEASE_LOCK", Integer.class, val(name(schema)))), r -> null);
    }

    /** MySQL takes lock names of at most 64 characters: a long database name is hashed. */
    static String name(String schema) {
        String plain = "preserve-restore:" + schema;
        if (plain.length() <= 64) return plain;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(schema.getBytes(StandardCharsets.UTF_8));
            return "preserve-restore:" + HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
