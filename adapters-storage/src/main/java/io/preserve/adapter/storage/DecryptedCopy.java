package io.preserve.adapter.storage;

import io.preserve.domain.error.StorageFailure;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * An encrypted snapshot, decrypted once, front to back, into a temporary file that holds it encrypted again under a
 * key that lives only in this process's memory (AES-256 in counter mode, which reads at any position). The reader needs
 * positions (the footer first, each table at its offset, a table again from its start), which an OpenPGP message does
 * not give; and the message's integrity can only be known at its end, which this copy reaches before the reader parses
 * the first byte: a changed byte anywhere is refused before a restore writes anything.
 * <p>
 * No plaintext touches the disk: the file is removed from its directory as soon as it is created (the open descriptor
 * keeps it; the operating system frees it when the process ends, however it ends) and its key is never written.
 * It needs free space in the temporary directory ({@code java.io.tmpdir}) the size of the snapshot.
 */
final class DecryptedCopy implements SnapshotSource {
    private static final int BLOCK = 16;
    private static final int COPY_BYTES = 1 << 20;

    private final String name;
    private final String location;
    private final FileChannel channel;
    private final SecretKeySpec key;
    private final byte[] nonce;
    private final long size;
    private final Cipher cipher;
    /** Whether closing this closes the copy: false for {@link #another()}'s readers. */
    private final boolean owner;
    private byte[] scratch = new byte[0];

    private DecryptedCopy(String name, String location, FileChannel channel, SecretKeySpec key, byte[] nonce, long size, boolean owner) {
        this.name = name;
        this.location = location;
        this.channel = channel;
        this.key = key;
        this.nonce = nonce;
        this.size = size;
        this.owner = owner;
        this.cipher = ctr();
    }

    /** Another reader of the same copy (a cipher of its own); closing it leaves the copy open for this one's owner. */
    DecryptedCopy another() {
        return new DecryptedCopy(name, location, channel, key, nonce, size, false);
    }

    /** Decrypts {@code encrypted} (closed afterwards, whatever happens) to the end, checking its integrity there. */
    static DecryptedCopy of(SnapshotSource encrypted, OpenPgpEnvelope envelope) {
        FileChannel channel = null;
        try (encrypted) {
            Path file = Files.createTempFile("preserve-", ".decrypted", LocalSnapshotStore.FILE_MODE);
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } finally {
                Files.deleteIfExists(file);
            }
            SecureRandom random = new SecureRandom();
            byte[] keyBytes = new byte[32];
            byte[] nonce = new byte[8];
            random.nextBytes(keyBytes);
            random.nextBytes(nonce);
            SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
            java.util.Arrays.fill(keyBytes, (byte) 0);
            Cipher cipher = ctr();
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counter(nonce, 0)));
            long written = 0;
            byte[] plain = new byte[COPY_BYTES];
            byte[] sealed = new byte[COPY_BYTES];
            try (InputStream in = envelope.open(encrypted.stream(), encrypted.name())) {
                int n;
                while ((n = in.readNBytes(plain, 0, plain.length)) > 0) {
                    int m = cipher.update(plain, 0, n, sealed, 0);
                    ByteBuffer out = ByteBuffer.wrap(sealed, 0, m);
                    while (out.hasRemaining()) written += channel.write(out, written);
                }
            }
            java.util.Arrays.fill(plain, (byte) 0);
            return new DecryptedCopy(encrypted.name(), encrypted.location(), channel, key, nonce, written, true);
        } catch (IOException | GeneralSecurityException e) {
            closeQuietly(channel);
            throw new StorageFailure(System.getProperty("java.io.tmpdir"), "cannot hold the decrypted snapshot there: "
                    + (e instanceof IOException io ? SnapshotFileWriter.describe(io) : OpenPgpEnvelope.reason(e)), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(ByteBuffer buffer, long position) throws IOException {
        if (position >= size) return -1;
        int length = (int) Math.min(buffer.remaining(), size - position);
        if (length == 0) return 0;
        if (scratch.length < length) scratch = new byte[Math.max(length, 64 << 10)];
        ByteBuffer in = ByteBuffer.wrap(scratch, 0, length);
        while (in.hasRemaining()) {
            if (channel.read(in, position + in.position()) < 0) throw new IOException("the decrypted copy ends early");
        }
        try {
            long block = position / BLOCK;
            int skip = (int) (position % BLOCK);
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(counter(nonce, block)));
            if (skip > 0) cipher.update(new byte[skip]);
            int n = cipher.update(scratch, 0, length, scratch, 0);
            buffer.put(scratch, 0, n);
            return n;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the decrypted copy: " + OpenPgpEnvelope.reason(e), e);
        }
    }

    @Override
    public void close() {
        if (owner) closeQuietly(channel);
    }

    private static Cipher ctr() {
        try {
            return Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES/CTR", e);
        }
    }

    /** The counter block of the {@code block}-th 16 bytes: the nonce, then the block number (big-endian). */
    private static byte[] counter(byte[] nonce, long block) {
        return ByteBuffer.allocate(BLOCK).put(nonce).putLong(block).array();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // a temporary file already unlinked: closing frees it
        }
    }
}
