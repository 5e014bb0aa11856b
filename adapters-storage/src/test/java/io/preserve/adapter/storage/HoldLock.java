package io.preserve.adapter.storage;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Another process that writes a .partial file as a backup does: creates it, locks it, and stays until killed. */
public final class HoldLock {
    private HoldLock() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.lock();
            channel.write(java.nio.ByteBuffer.wrap("PRESERVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
