package io.preserve.domain.port.in;

import io.preserve.domain.model.migration.GuardReport;

/** Runs a migration command between a pre-migration snapshot and a restore of whatever it lost. */
public interface GuardUseCase {
    GuardReport guard(GuardCommand command);
}
