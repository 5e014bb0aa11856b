package io.preserve.adapter.jdbc;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Where a table's rows are read back to: their SHA-256 and their byte count, nothing kept. */
public final class Digested extends OutputStream {
    private final MessageDigest sha;
    private long bytes;

    public Digested() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    @Override
    public void write(int b) {
        sha.update((byte) b);
        bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        sha.update(b, off, len);
        bytes += len;
    }

    public long bytes() {
        return bytes;
    }

    /** The digest in lower-case hexadecimal; ends the digest. */
    public String sha256() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
