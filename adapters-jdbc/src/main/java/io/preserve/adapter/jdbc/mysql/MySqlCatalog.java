package io.preserve.adapter.jdbc.mysql;

import io.preserve.domain.model.Column;
import io.preserve.domain.model.Constraint;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.TableRef;
import io.preserve.domain.model.TableSchema;
import org.jooq.Field;
import org.jooq.Table;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The base tables of one MySQL/MariaDB database as {@code information_schema} describes them: columns (in order, with
 * {@code COLUMN_TYPE} as the type: {@code decimal(10,2)}, {@code enum('a','b')}, {@code tinyint(1)}), primary and
 * unique keys, foreign keys, checks and row triggers. Generated columns are named apart, never stored. Set-based: one
 * query per kind of object for the whole database.
 */
final class MySqlCatalog {
    private static final Pattern GENERATED = Pattern.compile("\\b(VIRTUAL|STORED|PERSISTENT) GENERATED\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENUM_LABEL = Pattern.compile("'((?:[^']|'')*)'");

    private MySqlCatalog() {
    }

    private static Table<?> info(String view) {
        return table(name("information_schema", view));
    }

    private static Field<String> text(String column) {
        return field(name(column), String.class);
    }

    /**
     * The tables of {@code schema} whose engine has no transactions (MyISAM, Aria, MEMORY: anything but InnoDB), by
     * name, with their engine: a consistent read cannot hold them still, nor a restore roll them back.
     */
    static Map<String, String> untransactional(Statements sql, String schema) throws SQLException {
        Map<String, String> found = new TreeMap<>();
        sql.query(sql.dsl().select(text("TABLE_NAME"), text("ENGINE")).from(info("TABLES"))
                .where(text("TABLE_SCHEMA").eq(schema)).and(text("TABLE_TYPE").eq("BASE TABLE"))
                .and(text("ENGINE").notEqualIgnoreCase("InnoDB")), r -> found.put(r.getString(1), r.getString(2)));
        return found;
    }

    static List<TableSchema> tables(Statements sql, String schema) throws SQLException {
        Map<String, Builder> tables = new TreeMap<>();
        for (String t : sql.query(sql.dsl().select(text("TABLE_NAME")).from(info("TABLES"))
                .where(text("TABLE_SCHEMA").eq(schema)).and(text("TABLE_TYPE").eq("BASE TABLE")), r -> r.getString(1))) {
            tables.put(t, new Builder(new TableRef(schema, t)));
        }
        sql.query(sql.dsl().select(text("TABLE_NAME"), text("COLUMN_NAME"), text("COLUMN_TYPE"), text("IS_NULLABLE"),
                        text("COLUMN_DEFAULT"), text("EXTRA")).from(info("COLUMNS")).where(text("TABLE_SCHEMA").eq(schema))
                .orderBy(text("TABLE_NAME"), field(name("ORDINAL_POSITION"))), r -> {
            Builder b = tables.get(r.getString(1));
            if (b == null) return null;
            String type = r.getString(3);
            String extra = r.getString(6) == null ? "" : r.getString(6);
            if (GENERATED.matcher(extra).find()) {
                b.generated.add(r.getString(2));
                return null;
            }
            boolean autoIncrement = extra.toLowerCase(java.util.Locale.ROOT).contains("auto_increment");
            String dflt = r.getString(5);
            boolean hasDefault = autoIncrement || (dflt != null && !dflt.equals("NULL"));
            b.columns.add(new Column(r.getString(2), type, "NO".equals(r.getString(4)), autoIncrement ? "by default" : null,
                    hasDefault, type.startsWith("enum(") ? labels(type) : null, List.of()));
            return null;
        });
        Map<String, List<String>> uniques = new LinkedHashMap<>();
        Map<String, Boolean> plain = new LinkedHashMap<>();
        sql.query(sql.dsl().select(text("TABLE_NAME"), text("INDEX_NAME"), text("COLUMN_NAME"), field(name("SUB_PART")))
                .from(info("STATISTICS")).where(text("TABLE_SCHEMA").eq(schema)).and(field(name("NON_UNIQUE")).eq(0))
                .orderBy(text("TABLE_NAME"), text("INDEX_NAME"), field(name("SEQ_IN_INDEX"))), r -> {
            String key = r.getString(1) + "\u0000" + r.getString(2);
            uniques.computeIfAbsent(key, k -> new ArrayList<>()).add(r.getString(3) == null ? "(expression)" : r.getString(3));
            plain.merge(key, r.getString(3) != null && r.getObject(4) == null, Boolean::logicalAnd);
            return null;
        });
        uniques.forEach((key, columns) -> {
            String[] parts = key.split("\u0000", 2);
            Builder b = tables.get(parts[0]);
            if (b == null) return;
            boolean primary = parts[1].equals("PRIMARY");
            if (primary) b.primaryKey.addAll(columns);
            else if (plain.get(key)) b.uniqueKeys.add(columns);
            b.constraints.add(new Constraint(Constraint.Kind.UNIQUE, parts[1], (primary ? "PRIMARY KEY (" : "UNIQUE (")
                    + String.join(", ", columns) + ")" + (plain.get(key) ? "" : " (prefix or expression)")));
        });
        Map<String, ForeignKeyParts> keys = new LinkedHashMap<>();
        sql.query(sql.dsl().select(text("TABLE_NAME"), text("CONSTRAINT_NAME"), text("COLUMN_NAME"),
                        text("REFERENCED_TABLE_SCHEMA"), text("REFERENCED_TABLE_NAME"), text("REFERENCED_COLUMN_NAME"))
                .from(info("KEY_COLUMN_USAGE")).where(text("TABLE_SCHEMA").eq(schema))
                .and(text("REFERENCED_TABLE_NAME").isNotNull())
                .orderBy(text("TABLE_NAME"), text("CONSTRAINT_NAME"), field(name("ORDINAL_POSITION"))), r -> {
            String table = r.getString(1);
            String constraint = r.getString(2);
            TableRef parent = new TableRef(r.getString(4), r.getString(5));
            var fk = keys.computeIfAbsent(table + "\u0000" + constraint, k -> new ForeignKeyParts(table, constraint, parent));
            fk.columns.add(r.getString(3));
            fk.referenced.add(r.getString(6));
            return null;
        });
        for (ForeignKeyParts fk : keys.values()) {
            Builder b = tables.get(fk.table);
            if (b != null) b.foreignKeys.add(new ForeignKey(fk.name, fk.columns, fk.ref, fk.referenced));
        }
        checks(sql, schema, tables);
        sql.query(sql.dsl().select(text("EVENT_OBJECT_TABLE"), text("TRIGGER_NAME"), text("ACTION_TIMING"),
                        text("EVENT_MANIPULATION")).from(info("TRIGGERS")).where(text("EVENT_OBJECT_SCHEMA").eq(schema))
                .and(text("EVENT_MANIPULATION").in("INSERT", "UPDATE")), r -> {
            Builder b = tables.get(r.getString(1));
            if (b != null) {
                b.constraints.add(new Constraint(Constraint.Kind.TRIGGER, r.getString(2),
                        "TRIGGER " + r.getString(3) + " " + r.getString(4) + " FOR EACH ROW"));
            }
            return null;
        });
        return tables.values().stream().map(Builder::build).toList();
    }

    /** CHECK constraints: MariaDB names them per table (its view has the table); MySQL per schema. */
    private static void checks(Statements sql, String schema, Map<String, Builder> tables) throws SQLException {
        boolean maria = sql.dsl().dialect().family() == org.jooq.SQLDialect.MARIADB;
        var query = maria
                ? sql.dsl().select(text("TABLE_NAME"), text("CONSTRAINT_NAME"), text("CHECK_CLAUSE")).from(info("CHECK_CONSTRAINTS"))
                        .where(text("CONSTRAINT_SCHEMA").eq(schema))
                : sql.dsl().select(field(name("t", "TABLE_NAME"), String.class), field(name("c", "CONSTRAINT_NAME"), String.class),
                                field(name("c", "CHECK_CLAUSE"), String.class))
                        .from(info("TABLE_CONSTRAINTS").as("t")).join(info("CHECK_CONSTRAINTS").as("c"))
                        .on(field(name("t", "CONSTRAINT_SCHEMA")).eq(field(name("c", "CONSTRAINT_SCHEMA")))
                                .and(field(name("t", "CONSTRAINT_NAME")).eq(field(name("c", "CONSTRAINT_NAME")))))
                        .where(field(name("t", "CONSTRAINT_SCHEMA"), String.class).eq(schema))
                        .and(field(name("t", "CONSTRAINT_TYPE"), String.class).eq("CHECK"));
        sql.query(query, r -> {
            Builder b = tables.get(r.getString(1));
            if (b != null) b.constraints.add(new Constraint(Constraint.Kind.CHECK, r.getString(2), "CHECK (" + r.getString(3) + ")"));
            return null;
        });
    }

    /**
     * Each foreign key's {@code ON DELETE} rule ({@code CASCADE}, {@code SET NULL}, {@code RESTRICT}, {@code NO ACTION},
     * {@code SET DEFAULT}), keyed by {@link #ruleKey}: what a restore does with a row whose parent is missing follows it.
     */
    static Map<String, String> deleteRules(Statements sql, String schema) throws SQLException {
        Map<String, String> rules = new java.util.HashMap<>();
        sql.query(sql.dsl().select(text("TABLE_NAME"), text("CONSTRAINT_NAME"), text("DELETE_RULE")).from(info("REFERENTIAL_CONSTRAINTS"))
                .where(text("CONSTRAINT_SCHEMA").eq(schema)), r -> rules.put(ruleKey(r.getString(1), r.getString(2)), r.getString(3)));
        return rules;
    }

    static String ruleKey(String table, String constraint) {
        return table + "\u0000" + constraint;
    }

    /** The labels of {@code enum('a','it''s')}, in order. */
    static List<String> labels(String columnType) {
        List<String> labels = new ArrayList<>();
        Matcher m = ENUM_LABEL.matcher(columnType.substring(columnType.indexOf('(')));
        while (m.find()) labels.add(m.group(1).replace("''", "'"));
        return labels;
    }

    private static final class ForeignKeyParts {
        final String table;
        final String name;
        final TableRef ref;
        final List<String> columns = new ArrayList<>();
        final List<String> referenced = new ArrayList<>();

        ForeignKeyParts(String table, String name, TableRef ref) {
            this.table = table;
            this.name = name;
            this.ref = ref;
        }
    }

    private static final class Builder {
        final TableRef ref;
        final List<Column> columns = new ArrayList<>();
        final List<String> primaryKey = new ArrayList<>();
        final List<List<String>> uniqueKeys = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<String> generated = new ArrayList<>();
        final List<Constraint> constraints = new ArrayList<>();

        Builder(TableRef ref) {
            this.ref = ref;
        }

        TableSchema build() {
            constraints.sort(java.util.Comparator.comparing(Constraint::name));
            return new TableSchema(ref, columns, primaryKey, uniqueKeys, foreignKeys, generated, constraints);
        }
    }
}
