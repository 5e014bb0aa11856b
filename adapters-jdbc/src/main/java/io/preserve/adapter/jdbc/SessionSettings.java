package io.preserve.adapter.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings that decide how values are printed as text and read back. A backup fixes them and records them
 * (with the server's {@code lc_monetary}, which money values depend on); a restore applies the recorded ones, and
 * only these: a snapshot cannot set anything else.
 */
public final class SessionSettings {
    static final Map<String, String> FIXED = Map.of(
            "DateStyle", "ISO, YMD",
            "IntervalStyle", "postgres",
            "TimeZone", "UTC",
            "extra_float_digits", "3",
            "bytea_output", "hex",
            "xmloption", "content");
    private static final List<String> RECORDED = List.of("lc_monetary");

    private SessionSettings() {
    }

    /** Fixes the settings for the current transaction and returns them, with the recorded server ones. */
    public static Map<String, String> fixForBackup(Db sql) {
        Map<String, String> all = new LinkedHashMap<>(FIXED);
        set(sql, FIXED);
        for (String name : RECORDED) {
            all.put(name, sql.text("SELECT pg_catalog.current_setting(?)", name));
        }
        return all;
    }

    /** Applies a snapshot's settings for the current transaction, ignoring any name this class does not know. */
    public static void applyForRestore(Db sql, Map<String, String> recorded) {
        Map<String, String> apply = new LinkedHashMap<>();
        for (var entry : recorded.entrySet()) {
            if (FIXED.containsKey(entry.getKey()) || RECORDED.contains(entry.getKey())) apply.put(entry.getKey(), entry.getValue());
        }
        FIXED.forEach(apply::putIfAbsent);
        set(sql, apply);
    }

    /** Sets each for the current transaction, in one round trip. */
    private static void set(Db sql, Map<String, String> settings) {
        List<Object> binds = new ArrayList<>();
        settings.forEach((name, value) -> {
            binds.add(name);
            binds.add(value);
        });
        sql.callEach("pg_catalog.set_config(?, ?, true)", 2, binds);
    }
}
