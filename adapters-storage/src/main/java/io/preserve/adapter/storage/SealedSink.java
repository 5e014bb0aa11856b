package io.preserve.adapter.storage;

import java.io.IOException;
import java.io.OutputStream;

/** A sink whose bytes are encrypted (OpenPGP) on their way into another sink; the encryption ends before the commit. */
final class SealedSink implements SnapshotSink {
    private final SnapshotSink inner;
    private final OutputStream sealed;

    SealedSink(SnapshotSink inner, OpenPgpEnvelope envelope) throws IOException {
        this.inner = inner;
        this.sealed = envelope.seal(inner.stream());
    }

    @Override
    public OutputStream stream() {
        return sealed;
    }

    @Override
    public long commit() throws IOException {
        sealed.close();
        inner.stream().flush();
        return inner.commit();
    }

    @Override
    public void abort() throws IOException {
        inner.abort();
    }

    @Override
    public String location() {
        return inner.location();
    }

    @Override
    public String partialLocation() {
        return inner.partialLocation();
    }
}
