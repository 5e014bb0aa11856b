package io.preserve.adapter.jdbc.mysql;

import org.jooq.Condition;
import org.jooq.Field;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.val;

/**
 * Whether a value, staged as the snapshot wrote it, fits a live column's type as MySQL's strict mode would take it:
 * one condition per type, true for a value the server would refuse, evaluated over every staged row at once. MySQL's
 * {@code CAST} is lenient (it truncates and warns), so none of these casts into the live type and compares: a length
 * is a length ({@code CHAR_LENGTH > n}), a number must read as a number (a pattern, as strict mode reads one) and lie
 * in the type's range after the rounding the server does, a date must be a date {@code CAST} does not turn into NULL
 * (a zero date stays allowed), an enum label must be one of the labels. What these do not foresee (a character the
 * column's character set lacks, a SET of labels), the server refuses while writing, and that costs only the row
 * ({@link MySqlSafeWrite}).
 */
final class MySqlFits {
    /** A number as strict mode reads it from text: digits, a point, an exponent, surrounding spaces. */
    static final String NUMBER = "^[[:space:]]*[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$";
    private static final Pattern TYPE = Pattern.compile("^([a-z]+)(?:\\((\\d+)(?:,(\\d+))?\\))?( unsigned)?( zerofill)?$");

    private MySqlFits() {
    }

    /** Why a value does not fit, for the report: "too long for varchar(5)" and the like. */
    record Misfit(Condition refused, String why) {
    }

    /**
     * Why a row is skipped whose ENUM column holds {@code ''}: the value MySQL and MariaDB store (index 0) for a label
     * the column does not have when {@code sql_mode} is not strict. Into the same ENUM it goes back as it was
     * ({@link MySqlStage}); into one whose labels changed, it is no label, and is said so.
     */
    static String enumErrorValue(String column) {
        return "'' in column " + column + " is MySQL's error value for an invalid ENUM label (stored when sql_mode was not"
                + " strict), restored as it was only into the same ENUM, and the column's labels changed since";
    }

    /** What restores those rows: {@code convert:} giving {@code ''} NULL (where the column takes it) or a label. */
    static String enumErrorHint(String table, String column, String snapshotColumn, List<String> labels, boolean notNull) {
        String quoted = "`" + snapshotColumn.replace("`", "``") + "`";
        String label = labels.isEmpty() ? "LABEL" : labels.get(0).replace("'", "''");
        String asLabel = "\"IF(" + quoted + " = '', '" + label + "', " + quoted + ")\"";
        return "convert: {" + table + "." + column + ": " + (notNull ? asLabel + "} in preserve.yaml restores these rows with a label there"
                : "\"NULLIF(" + quoted + ", '')\"} in preserve.yaml restores these rows with NULL there (or " + asLabel + " with a label)");
    }

    /** The condition under which {@code value} does not fit {@code columnType} (a live {@code COLUMN_TYPE}), if any. */
    static Optional<Misfit> of(Field<?> value, String columnType, List<String> enumLabels) {
        String type = columnType.toLowerCase(Locale.ROOT).strip();
        if (enumLabels != null) {
            if (enumLabels.isEmpty()) return Optional.empty();
            return Optional.of(new Misfit(value.isNotNull().and(value.cast(String.class).notIn(enumLabels.toArray(String[]::new))),
                    "is no label of " + columnType + " now"));
        }
        Matcher m = TYPE.matcher(type);
        if (!m.matches()) return Optional.empty();
        String base = m.group(1);
        Integer n = m.group(2) == null ? null : Integer.valueOf(m.group(2));
        Integer d = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        boolean unsigned = m.group(4) != null;
        String tooLong = "is too long for " + columnType + " now";
        String notNumber = "is not a number, or out of the range of " + columnType + " now";
        return Optional.ofNullable(switch (base) {
            case "char", "varchar" -> n == null ? null
                    : new Misfit(condition("CHAR_LENGTH(RTRIM({0})) > {1}", value, inline(n)), tooLong);
            case "binary", "varbinary" -> n == null ? null
                    : new Misfit(condition("OCTET_LENGTH({0}) > {1}", value, inline(n)), tooLong);
            case "tinytext", "tinyblob" -> new Misfit(condition("OCTET_LENGTH({0}) > 255", value), tooLong);
            case "text", "blob" -> new Misfit(condition("OCTET_LENGTH({0}) > 65535", value), tooLong);
            case "mediumtext", "mediumblob" -> new Misfit(condition("OCTET_LENGTH({0}) > 16777215", value), tooLong);
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> integer(value, base, unsigned, notNumber);
            case "decimal", "numeric", "dec", "fixed" -> {
                int precision = n == null ? 10 : n;
                int scale = d == null ? 0 : d;
                BigDecimal bound = BigDecimal.TEN.pow(precision - scale);
                Condition range = condition("ABS(ROUND(CAST({0} AS DECIMAL(65,30)), {1})) >= {2}", value, inline(scale), val(bound));
                if (unsigned) range = range.or(condition("CAST({0} AS DECIMAL(65,30)) < 0", value));
                yield new Misfit(number(value).or(range), notNumber);
            }
            case "float" -> new Misfit(number(value).or(condition("ABS({0} + 0e0) > 3.402823466e38", value)
                    .or(unsigned ? condition("({0} + 0e0) < 0", value) : condition("FALSE"))), notNumber);
            case "double", "real" -> new Misfit(number(value).or(unsigned ? condition("({0} + 0e0) < 0", value) : condition("FALSE")), notNumber);
            case "date", "datetime" -> new Misfit(notTemporal(value, "DATETIME(6)"), "is not a valid " + columnType + " value");
            case "timestamp" -> new Misfit(notTemporal(value, "DATETIME(6)").or(condition(
                    "NOT ({0} REGEXP '^[[:space:]]*0000-00-00') AND CAST({0} AS DATETIME(6)) NOT BETWEEN"
                            + " '1970-01-01 00:00:01' AND '2038-01-19 03:14:07.999999'", value)),
                    "is not a valid " + columnType + " value (1970-01-01 00:00:01 to 2038-01-19 03:14:07 UTC)");
            case "time" -> new Misfit(condition("{0} IS NOT NULL AND CAST({0} AS TIME(6)) IS NULL", value),
                    "is not a valid " + columnType + " value");
            case "year" -> new Misfit(number(value).or(condition("NOT (ROUND({0}) BETWEEN 0 AND 99 OR ROUND({0}) BETWEEN 1901 AND 2155)",
                    value)), "is not a valid " + columnType + " value (1901 to 2155)");
            case "json" -> new Misfit(condition("{0} IS NOT NULL AND NOT JSON_VALID({0})", value), "is not valid JSON");
            case "bit" -> new Misfit(number(value).or(condition("CAST({0} AS DECIMAL(65,0)) < 0 OR CAST({0} AS DECIMAL(65,0)) >= {1}",
                    value, val(new BigDecimal(BigInteger.TWO.pow(n == null ? 1 : n))))), notNumber);
            default -> null;
        });
    }

    /** A value that is not NULL and does not read as a number. */
    private static Condition number(Field<?> value) {
        return condition("{0} IS NOT NULL AND NOT (CAST({0} AS CHAR) REGEXP {1})", value, inline(NUMBER));
    }

    private static Misfit integer(Field<?> value, String base, boolean unsigned, String why) {
        BigInteger max = switch (base) {
            case "tinyint" -> BigInteger.valueOf(127);
            case "smallint" -> BigInteger.valueOf(32_767);
            case "mediumint" -> BigInteger.valueOf(8_388_607);
            case "int", "integer" -> BigInteger.valueOf(Integer.MAX_VALUE);
            default -> BigInteger.valueOf(Long.MAX_VALUE);
        };
        BigInteger low = unsigned ? BigInteger.ZERO : max.negate().subtract(BigInteger.ONE);
        BigInteger high = unsigned ? max.shiftLeft(1).add(BigInteger.ONE) : max;
        return new Misfit(number(value).or(condition("ROUND(CAST({0} AS DECIMAL(65,30))) NOT BETWEEN {1} AND {2}", value,
                val(new BigDecimal(low)), val(new BigDecimal(high)))), why);
    }

    /** Not NULL, not a zero date, and not a date or date-time {@code CAST} reads. */
    private static Condition notTemporal(Field<?> value, String as) {
        return condition("{0} IS NOT NULL AND NOT ({0} REGEXP '^[[:space:]]*0000-00-00') AND CAST({0} AS " + as + ") IS NULL", value);
    }
}
