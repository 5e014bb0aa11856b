package io.preserve.domain.error;

/** The snapshot directory does not exist (the original guide's "Backup directory not found"). */
public final class BackupDirectoryNotFound extends PreserveException {
    public BackupDirectoryNotFound(String directory) {
        super("Backup directory not found: " + directory
                + " (run 'preserve backup' first to create it, or point --dir at your backups)");
    }
}
