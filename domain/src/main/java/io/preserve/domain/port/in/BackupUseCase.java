package io.preserve.domain.port.in;

import io.preserve.domain.model.BackupReport;

/** Takes a consistent snapshot of the database. */
public interface BackupUseCase {
    BackupReport backup(BackupCommand command);
}
