package io.preserve.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens the API accepts, each with its role: {@code token:role} pairs, separated by commas (the
 * environment variable {@code PRESERVE_API_TOKENS}) or one per line (a file; blank lines and {@code #} comments
 * skipped). A presented token is compared with every known one in constant time, through digests of equal length,
 * so neither its length nor its prefix can be learnt by timing. Tokens are never printed.
 */
public final class Tokens {
    private record Known(byte[] digest, Role role) {
    }

    private final List<Known> known;

    private Tokens(List<Known> known) {
        this.known = List.copyOf(known);
    }

    public static final Tokens NONE = new Tokens(List.of());

    /** Pairs separated by commas or newlines; a mistake is reported with its position, never the token itself. */
    public static Tokens parse(String text) {
        List<Known> known = new ArrayList<>();
        int n = 0;
        for (String raw : text.split("[,\\n]")) {
            String entry = raw.strip();
            if (entry.isEmpty() || entry.startsWith("#")) continue;
            n++;
            int colon = entry.lastIndexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalArgumentException("token " + n + " is not token:role");
            }
            String token = entry.substring(0, colon);
            if (token.length() < 16) throw new IllegalArgumentException("token " + n + " is shorter than 16 characters");
            try {
                known.add(new Known(digest(token), Role.parse(entry.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("token " + n + ": " + e.getMessage());
            }
        }
        return new Tokens(known);
    }

    public boolean isEmpty() {
        return known.isEmpty();
    }

    /** The role of a presented token, or empty when it is none of them. */
    Optional<Role> roleOf(String presented) {
        byte[] digest = digest(presented);
        Role found = null;
        for (Known k : known) {
            // every token is compared, whichever matches
            if (MessageDigest.isEqual(k.digest(), digest)) found = k.role();
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
