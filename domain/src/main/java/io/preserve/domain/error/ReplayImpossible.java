package io.preserve.domain.error;

/**
 * {@code --replay} was asked and the restore cannot move the snapshot's rows through the project's migrations: says
 * why (no history in the snapshot, no migration files, a history that does not continue the snapshot's, an edited
 * file, no shadow database). Nothing was written.
 */
public final class ReplayImpossible extends PreserveException {
    private final String why;

    public ReplayImpossible(String why) {
        super("--replay: cannot restore through the migrations: " + why + ". Nothing was written (--no-replay restores by"
                + " matching names).");
        this.why = why;
    }

    /** Why, in words that fit after "cannot restore through the migrations: ". */
    public String why() {
        return why;
    }
}
