package io.preserve.domain.service.replay;

import io.preserve.domain.model.migration.MigrationScript;
import io.preserve.domain.model.migration.MigrationTool;
import io.preserve.domain.service.migration.SqlScanner;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a migration must not hold to be replayed in a shadow database: anything that would make it act elsewhere than
 * where it runs (a table qualified by another database, the live one among them; {@code USE}), or text its tool
 * rewrites before running it (Flyway's placeholders, {@code ${…}}), which run as written would leave the literal text
 * in the rows. Such a migration is not replayed: the restore matches names instead and says why.
 */
final class ShadowOnly {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}\\s]{1,100}}");

    private ShadowOnly() {
    }

    /** @param outside names (lower case) that qualify a table outside the shadow */
    static void check(MigrationScript script, MigrationTool tool, boolean mysql, Set<String> outside) {
        if (tool == MigrationTool.FLYWAY) {
            Matcher placeholder = PLACEHOLDER.matcher(script.sql());
            if (placeholder.find()) {
                throw new ReplayChain.NotReplayable("migration " + script.id() + " uses a Flyway placeholder ("
                        + placeholder.group() + ", line " + line(script.sql(), placeholder.start()) + "), which Flyway fills in"
                        + " and a replay would not");
            }
        }
        for (SqlScanner.Statement statement : SqlScanner.statements(script.sql(), mysql)) {
            List<SqlScanner.Token> tokens = statement.tokens();
            if (mysql && !tokens.isEmpty() && tokens.get(0).is("use")) {
                throw new ReplayChain.NotReplayable("migration " + script.id() + " changes database at line " + statement.line()
                        + " (" + statement.text().strip() + "): in a shadow database it would act on that one");
            }
            for (int i = 0; i + 1 < tokens.size(); i++) {
                SqlScanner.Token token = tokens.get(i);
                if (token.isName() && tokens.get(i + 1).isSymbol(".") && outside.contains(token.value().toLowerCase(Locale.ROOT))) {
                    throw new ReplayChain.NotReplayable("migration " + script.id() + " names database " + token.text() + " at line "
                            + statement.line() + ": in a shadow database it would still act on " + token.value()
                            + " (replayed only when its tables are not qualified by a database)");
                }
            }
        }
    }

    private static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) if (text.charAt(i) == '\n') line++;
        return line;
    }
}
