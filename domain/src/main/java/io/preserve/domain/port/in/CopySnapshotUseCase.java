package io.preserve.domain.port.in;

import io.preserve.domain.model.CopyReport;

public interface CopySnapshotUseCase {
    CopyReport copy(CopySnapshotCommand command);
}
