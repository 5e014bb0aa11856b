package io.preserve.http;

import java.util.Locale;

/**
 * What a token may do. Each role may do what the roles before it may: a reader lists, shows, verifies and asks for
 * health; an operator also backs up and restores as a dry run; an admin also restores for real, deletes and prunes.
 */
public enum Role {
    READER, OPERATOR, ADMIN;

    public boolean mayDo(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    static Role parse(String text) {
        for (Role r : values()) if (r.name().equalsIgnoreCase(text.strip())) return r;
        throw new IllegalArgumentException("unknown role '" + text.strip() + "' (expected reader, operator or admin)");
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
