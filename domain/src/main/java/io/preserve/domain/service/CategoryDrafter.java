package io.preserve.domain.service;

import io.preserve.domain.model.Categories;
import io.preserve.domain.model.Category;
import io.preserve.domain.model.CategoryDraft;
import io.preserve.domain.model.Column;
import io.preserve.domain.model.ForeignKey;
import io.preserve.domain.model.RowFilter;
import io.preserve.domain.model.TableFilter;
import io.preserve.domain.model.TableSchema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Groups a schema's tables into starter categories, by foreign-key ownership and by name:
 * <ul>
 *   <li>a table belongs to the table it cannot exist without: a NOT NULL foreign key to it (prompt versions to
 *       their prompt, slides to their carousel, comments to their post). With several such parents, the one whose
 *       name it shares; with none shared, it stands on its own (a join table);</li>
 *   <li>a table referenced by {@value #HUB} or more other tables (the users) is a hub: what references it is the
 *       users' data, each kind its own category, not one category holding everything;</li>
 *   <li>a category is named after its first table, in kebab case and plural ({@code BlogPost} →
 *       {@code blog-posts}); categories whose tables are named like images or like analytics are tagged
 *       {@code images} or {@code analytics}, which {@code --skip-images} and {@code --skip-analytics} take;</li>
 *   <li>an enum column with an admin label (or a boolean {@code isAdmin}, or a text {@code role} some row of which
 *       says admin) gives an {@code admin-…} category holding
 *       the admin rows, with the rows of admin-named tables that reference them, and the group {@code admin} that
 *       {@code --admin-only} takes; as in the original guide, that group holds the system's prompts and
 *       configuration too: categories named like a prompt, a configuration or a setting whose rows no user owns
 *       (no NOT NULL foreign key to the users, no user-like name), each with the reason in the draft;</li>
 *   <li>migration-history tables are left out: they describe the schema as it is now.</li>
 * </ul>
 */
final class CategoryDrafter {
    static final int HUB = 4;
    private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    private static final Set<String> IMAGE_WORDS = Set.of("image", "photo", "picture", "media", "avatar", "thumbnail",
            "attachment", "upload", "asset", "carousel", "gallery", "video");
    private static final Set<String> ANALYTICS_WORDS = Set.of("analytic", "analytics", "metric", "log", "audit", "tracking",
            "telemetry", "pageview", "stat", "statistic", "impression", "click");
    private static final Set<String> ADMIN_WORDS = Set.of("admin", "permission", "role", "privilege", "grant");
    /** Names of what the original guide's {@code --admin-only} restores beside the admins: "system prompts and configurations". */
    private static final Set<String> SYSTEM_WORDS = Set.of("prompt", "config", "configuration", "setting");
    private static final Set<String> PERSONAL_WORDS = Set.of("user", "account", "profile", "member", "customer", "personal");
    private static final Set<String> ADMIN_FLAGS = Set.of("isadmin", "is_admin", "admin", "issuperuser", "is_superuser",
            "is_staff", "isstaff");

    private final Map<String, TableSchema> tables = new LinkedHashMap<>();
    private final BiFunction<TableSchema, TableFilter, Long> rows;
    private final BiFunction<TableSchema, TableFilter, Long> probe;

    /** @param rows the rows of a table, all of them ({@code null} filter) or those a filter takes */
    CategoryDrafter(List<TableSchema> schema, BiFunction<TableSchema, TableFilter, Long> rows) {
        this(schema, rows, rows);
    }

    /**
     * @param rows  the rows of a table, all of them ({@code null} filter) or those a filter takes, for the draft's
     *              figures (0 where they are not counted)
     * @param probe the same, always counted: whether a guess based on data (a text role saying admin) holds
     */
    CategoryDrafter(List<TableSchema> schema, BiFunction<TableSchema, TableFilter, Long> rows,
                    BiFunction<TableSchema, TableFilter, Long> probe) {
        schema.stream().sorted(Comparator.comparing(t -> t.ref().name())).forEach(t -> tables.put(t.ref().name(), t));
        this.rows = rows;
        this.probe = probe;
    }

    CategoryDraft draft(String database, String schemaName) {
        Map<String, String> leftOut = new LinkedHashMap<>();
        tables.keySet().stream().filter(MigrationHistory::isHistoryTable).forEach(t -> leftOut.put(t,
                "migration history: kept in every snapshot, restored only when asked for by name"));
        List<String> candidates = tables.keySet().stream().filter(t -> !leftOut.containsKey(t)).toList();

        Map<String, Set<String>> referencedBy = new TreeMap<>();
        for (String t : candidates) {
            for (ForeignKey fk : tables.get(t).foreignKeys()) {
                String parent = fk.referenced().name();
                if (!parent.equals(t) && candidates.contains(parent)) referencedBy.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(t);
            }
        }
        Set<String> hubs = new LinkedHashSet<>();
        referencedBy.forEach((parent, children) -> {
            if (children.size() >= HUB) hubs.add(parent);
        });

        Map<String, Owner> owners = owners(candidates, hubs);
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (String t : candidates) members.computeIfAbsent(root(t, owners), r -> new ArrayList<>());
        for (String t : candidates) members.get(root(t, owners)).add(t);

        List<CategoryDraft.Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (var e : members.entrySet()) {
            List<String> ordered = ownershipOrder(e.getKey(), e.getValue(), owners);
            String name = unique(categoryName(e.getKey()), names);
            Set<String> tags = new LinkedHashSet<>();
            if (ordered.stream().anyMatch(t -> mentions(t, IMAGE_WORDS))) tags.add("images");
            if (ordered.stream().anyMatch(t -> mentions(t, ANALYTICS_WORDS))) tags.add("analytics");
            Category category = new Category(name, null, ordered, Map.of(), null, tags, null);
            List<CategoryDraft.Member> list = ordered.stream().map(t -> new CategoryDraft.Member(t,
                    rows.apply(tables.get(t), null), owners.containsKey(t) ? owners.get(t).reason() : null)).toList();
            entries.add(new CategoryDraft.Entry(category, list));
        }
        entries.sort(Comparator.comparing(e -> e.category().name()));

        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, String> groupReasons = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        adminCategory(candidates, names).ifPresent(admin -> {
            entries.add(0, admin);
            List<String> group = new ArrayList<>(List.of(admin.category().name()));
            String users = admin.category().tables().get(0);
            groupReasons.put(admin.category().name(), admin.category().description());
            entries.stream().filter(x -> x != admin && x.category().tables().stream().anyMatch(t -> mentions(t, Set.of("admin"))))
                    .filter(x -> x.category().tables().stream().noneMatch(admin.category().tables()::contains))
                    .forEach(x -> {
                        group.add(x.category().name());
                        groupReasons.put(x.category().name(), "named like admin data");
                    });
            for (CategoryDraft.Entry x : entries) {
                String first = x.category().tables().get(0);
                if (group.contains(x.category().name()) || !mentions(first, SYSTEM_WORDS)) continue;
                if (ownedByAUser(first, users).isPresent()) continue;
                group.add(x.category().name());
                groupReasons.put(x.category().name(), first + " is named like a system " + systemWord(first)
                        + " and no user owns its rows: --admin-only restores the system's prompts and configuration with the admins");
            }
            if (!names.contains("admin")) groups.put("admin", group);
        });
        if (groups.isEmpty()) groupReasons.clear();
        if (!hubs.isEmpty()) {
            notes.add(hubs.stream().map(h -> h + " (referenced by " + referencedBy.get(h).size() + " tables)")
                    .collect(Collectors.joining(", ")) + (hubs.size() == 1 ? " is a hub" : " are hubs")
                    + ": the tables that reference " + (hubs.size() == 1 ? "it" : "them")
                    + " are categories of their own, restored after " + (hubs.size() == 1 ? "it" : "them") + ".");
        }
        if (groups.isEmpty()) {
            notes.add("No admin rows found (an enum column with an ADMIN label, a boolean isAdmin, or a text role saying admin): add a group"
                    + " 'admin' for --admin-only to take.");
        }
        return new CategoryDraft(database, schemaName, entries, groups, leftOut, notes, groupReasons);
    }

    /**
     * Whether a user owns the table's rows: a NOT NULL foreign key to the users' table, or a name like a user's
     * (UserSettings). Returns what says so.
     */
    private Optional<String> ownedByAUser(String table, String users) {
        TableSchema schema = tables.get(table);
        for (ForeignKey fk : schema.foreignKeys()) {
            if (fk.referenced().name().equals(users)
                    && fk.columns().stream().allMatch(c -> schema.column(c).map(Column::notNull).orElse(false))) {
                return Optional.of(String.join(", ", fk.columns()) + " NOT NULL");
            }
        }
        return words(table).stream().map(CategoryDrafter::singular).filter(PERSONAL_WORDS::contains).findFirst();
    }

    private static String systemWord(String table) {
        return words(table).stream().map(CategoryDrafter::singular).filter(SYSTEM_WORDS::contains).findFirst()
                .map(w -> w.equals("config") ? "configuration" : w).orElse("configuration");
    }

    /** Who a table belongs to, and in words why. */
    private record Owner(String parent, String reason) {
    }

    private Map<String, Owner> owners(List<String> candidates, Set<String> hubs) {
        Map<String, Owner> owners = new LinkedHashMap<>();
        for (String t : candidates) {
            TableSchema table = tables.get(t);
            Map<String, ForeignKey> required = new LinkedHashMap<>();
            for (ForeignKey fk : table.foreignKeys()) {
                String parent = fk.referenced().name();
                if (parent.equals(t) || !candidates.contains(parent) || hubs.contains(parent)) continue;
                if (fk.columns().stream().allMatch(c -> table.column(c).map(Column::notNull).orElse(false))) {
                    required.putIfAbsent(parent, fk);
                }
            }
            List<String> chosen = new ArrayList<>(required.keySet());
            if (chosen.size() > 1) chosen.removeIf(p -> !sharesWord(t, p));
            if (chosen.size() == 1) {
                String parent = chosen.get(0);
                owners.put(t, new Owner(parent, "belongs to " + parent + " (" + String.join(", ", required.get(parent).columns()) + " NOT NULL)"));
            }
        }
        for (String t : candidates) {
            List<String> path = new ArrayList<>();
            String at = t;
            while (owners.containsKey(at) && !path.contains(at)) {
                path.add(at);
                at = owners.get(at).parent();
            }
            if (path.contains(at)) owners.remove(at);
        }
        return owners;
    }

    private static String root(String table, Map<String, Owner> owners) {
        String at = table;
        while (owners.containsKey(at)) at = owners.get(at).parent();
        return at;
    }

    /** The root first, then each table after the one it belongs to, ties by name. */
    private static List<String> ownershipOrder(String root, List<String> members, Map<String, Owner> owners) {
        List<String> ordered = new ArrayList<>(List.of(root));
        for (int i = 0; i < ordered.size(); i++) {
            String parent = ordered.get(i);
            members.stream().filter(m -> owners.containsKey(m) && owners.get(m).parent().equals(parent)).forEach(ordered::add);
        }
        return ordered;
    }

    /** Admin rows: an enum column with an admin label, or an admin flag; with the admin-named tables that need them. */
    private Optional<CategoryDraft.Entry> adminCategory(List<String> candidates, Set<String> names) {
        for (String t : candidates) {
            TableSchema table = tables.get(t);
            String where = adminCondition(table);
            if (where == null) continue;
            Map<String, RowFilter> filters = new LinkedHashMap<>();
            filters.put(t, RowFilter.where(where));
            List<String> memberTables = new ArrayList<>(List.of(t));
            Map<String, String> reasons = new LinkedHashMap<>();
            for (String child : candidates) {
                if (child.equals(t) || !mentions(child, ADMIN_WORDS)) continue;
                TableSchema c = tables.get(child);
                c.foreignKeys().stream().filter(fk -> fk.referenced().name().equals(t)
                                && fk.columns().stream().allMatch(col -> c.column(col).map(Column::notNull).orElse(false)))
                        .findFirst().ifPresent(fk -> {
                            memberTables.add(child);
                            filters.put(child, RowFilter.via(t));
                            reasons.put(child, "the rows that reference those " + t + " rows (" + String.join(", ", fk.columns()) + ")");
                        });
            }
            String name = unique("admin-" + categoryName(t), names);
            Category category = new Category(name, "Admin rows of " + t + (memberTables.size() > 1 ? ", with "
                    + String.join(", ", memberTables.subList(1, memberTables.size())) + " that reference them" : ""),
                    memberTables, filters, null, Set.of(), null);
            List<CategoryDraft.Member> members = new ArrayList<>();
            members.add(new CategoryDraft.Member(t, rows.apply(table, Categories.filterOf(category, t)), "where " + where));
            for (String child : memberTables.subList(1, memberTables.size())) {
                members.add(new CategoryDraft.Member(child, rows.apply(tables.get(child), Categories.filterOf(category, child)), reasons.get(child)));
            }
            return Optional.of(new CategoryDraft.Entry(category, members));
        }
        return Optional.empty();
    }

    private String adminCondition(TableSchema table) {
        String declared = declaredAdmins(table);
        if (declared != null) return declared;
        // a role kept as text ('admin', 'user', 'view-only' in umami's "user"): taken only where some row says admin
        for (Column column : table.columns()) {
            String name = column.name().toLowerCase(Locale.ROOT);
            if (!(name.equals("role") || name.endsWith("_role") || name.equals("userrole")) || !characters(column.type())) continue;
            String where = "LOWER(" + quoteIdentifier(column.name()) + ") LIKE '%admin%'";
            Long admins = probe.apply(table, new TableFilter(where, null, null, false, "admin"));
            if (admins != null && admins > 0) return where;
        }
        return null;
    }

    /** A character type of either dialect: text, varchar, char (a role kept as text). */
    private static boolean characters(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        return t.startsWith("varchar") || t.startsWith("character") || t.startsWith("char") || t.equals("text")
                || t.endsWith("text") || t.startsWith("citext") || t.startsWith("nvarchar");
    }

    /** Admin rows the schema itself declares: an enum column with an admin label, or a boolean admin flag. */
    private static String declaredAdmins(TableSchema table) {
        for (Column column : table.columns()) {
            if (column.enumLabels() == null) continue;
            List<String> admin = column.enumLabels().stream().filter(l -> l.toLowerCase(Locale.ROOT).contains("admin")).toList();
            if (!admin.isEmpty()) {
                return quoteIdentifier(column.name()) + " IN (" + admin.stream().map(CategoryDrafter::quoteLiteral)
                        .collect(Collectors.joining(", ")) + ")";
            }
        }
        for (Column column : table.columns()) {
            boolean flag = column.type().equals("boolean") || column.type().equalsIgnoreCase("tinyint(1)");
            if (flag && ADMIN_FLAGS.contains(column.name().toLowerCase(Locale.ROOT))) {
                return quoteIdentifier(column.name());
            }
        }
        return null;
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String quoteLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static List<String> words(String name) {
        return java.util.Arrays.stream(WORD_BOUNDARY.split(name)).filter(w -> !w.isEmpty())
                .map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    private static boolean mentions(String table, Set<String> vocabulary) {
        return words(table).stream().anyMatch(w -> vocabulary.contains(w) || vocabulary.contains(singular(w)));
    }

    private static boolean sharesWord(String a, String b) {
        Set<String> wordsOfB = words(b).stream().map(CategoryDrafter::singular).collect(Collectors.toSet());
        return words(a).stream().map(CategoryDrafter::singular).anyMatch(wordsOfB::contains);
    }

    private static String singular(String word) {
        if (word.endsWith("ies") && word.length() > 4) return word.substring(0, word.length() - 3) + "y";
        if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 3) return word.substring(0, word.length() - 1);
        return word;
    }

    /** {@code BlogPost} → {@code blog-posts}, {@code user_settings} → {@code user-settings}. */
    static String categoryName(String table) {
        List<String> words = new ArrayList<>(words(table));
        if (words.isEmpty()) return table;
        String last = words.get(words.size() - 1);
        if (!last.endsWith("s") && last.chars().anyMatch(Character::isLetter)) {
            if (last.matches(".*[^aeiou]y")) last = last.substring(0, last.length() - 1) + "ies";
            else if (last.matches(".*(x|z|ch|sh)")) last = last + "es";
            else last = last + "s";
        }
        words.set(words.size() - 1, last);
        return String.join("-", words);
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate); i++) candidate = name + "-" + i;
        return candidate;
    }
}
