package io.preserve.http;

import io.javalin.http.Context;

import java.util.Optional;

/**
 * Who may do what: the bearer token's role against what a route needs. No token, or an unknown one: 401; a known
 * one whose role is too small: 403. With no tokens configured (a server bound to the loopback address only, which
 * the composition root enforces) every request may do everything.
 */
final class Access {
    private final Tokens tokens;

    Access(Tokens tokens) {
        this.tokens = tokens;
    }

    void require(Context ctx, Role needed) {
        if (tokens.isEmpty()) return;
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw Problem.raise(401, "unauthorized", "A bearer token is needed", "send Authorization: Bearer TOKEN");
        }
        Optional<Role> role = tokens.roleOf(header.substring(7).strip());
        if (role.isEmpty()) throw Problem.raise(401, "unauthorized", "The token is not known", "the bearer token is not one of this server's");
        if (!role.get().mayDo(needed)) {
            throw Problem.raise(403, "forbidden", "Not allowed for this token", "this needs the " + needed.label()
                    + " role; the token has " + role.get().label());
        }
    }
}
