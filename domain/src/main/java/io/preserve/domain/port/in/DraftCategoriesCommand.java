package io.preserve.domain.port.in;

/**
 * A request for starter categories drafted from the live schema.
 *
 * @param countRows count each table's rows for the draft's comments ({@code preserve init}); without, every count is
 *                  0 and no table is read (the categories a command uses when the project has no configuration)
 */
public record DraftCategoriesCommand(boolean countRows) {
    public static final DraftCategoriesCommand WITH_COUNTS = new DraftCategoriesCommand(true);
    public static final DraftCategoriesCommand SCHEMA_ONLY = new DraftCategoriesCommand(false);
}
