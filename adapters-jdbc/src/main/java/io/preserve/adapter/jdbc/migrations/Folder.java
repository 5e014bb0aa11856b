package io.preserve.adapter.jdbc.migrations;

import io.preserve.domain.error.InvalidRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reading a migrations folder, with every I/O failure turned into a one-line error naming the file. */
final class Folder {
    private Folder() {
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidRequest("cannot read " + file + ": " + reason(e));
        }
    }

    static String text(Path file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    /** The entries of a directory, sorted by name. */
    static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new InvalidRequest("cannot read the folder " + directory + ": " + reason(e));
        }
    }

    /** The regular files under a directory, at any depth, sorted by path. */
    static List<Path> walk(Path directory) {
        try (Stream<Path> entries = Files.walk(directory)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InvalidRequest("cannot read the folder " + directory + ": " + reason(e));
        }
    }

    /** How a path is shown: relative to the project folder when inside it. */
    static String display(Path project, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = project.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or folder";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? "unreadable" : e.getMessage();
    }
}
