package io.preserve.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.preserve.domain.error.PreserveException;

import java.util.stream.Collectors;

/** Bodies in and out: JSON read strictly into request records, JSON and problems written, failures mapped once. */
final class Responses {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }

    private static final String ANSWERED = "preserve.problem";

    static void problem(Context ctx, Problem problem) {
        ctx.attribute(ANSWERED, true);
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(write(problem.document()));
        if (problem.status() == 401) ctx.header("WWW-Authenticate", "Bearer");
    }

    /** The request's body as {@code type}; an empty body is an empty object. Mistakes are 400s saying what is wrong. */
    static <T> T body(Context ctx, Class<T> type) {
        String text = ctx.body();
        try {
            return JSON.readValue(text.isBlank() ? "{}" : text, type);
        } catch (UnrecognizedPropertyException e) {
            throw Problem.raise(400, "invalid-body", "The body is not valid", "unknown field '" + e.getPropertyName()
                    + "' (known: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw Problem.raise(400, "invalid-body", "The body is not valid", (field.isEmpty() ? "the body" : "field '" + field + "'")
                    + " has the wrong type (expected " + expected(e.getTargetType()) + ")");
        } catch (JsonProcessingException e) {
            throw Problem.raise(400, "invalid-body", "The body is not valid", "not valid JSON"
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
    }

    private static String expected(Class<?> type) {
        if (type == null) return "another type";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
        if (type == String.class) return "a string";
        if (java.util.List.class.isAssignableFrom(type)) return "a list of strings";
        if (java.util.Map.class.isAssignableFrom(type)) return "an object of strings";
        return "an object";
    }

    /** Every failure becomes a problem document: the domain's as mapped in {@link Problem}, anything else a bare 500. */
    static void register(RoutesConfig routes) {
        routes.exception(Problem.Raised.class, (e, ctx) -> problem(ctx, e.problem));
        routes.exception(PreserveException.class, (e, ctx) -> problem(ctx, Problem.of(e)));
        routes.exception(Exception.class, (e, ctx) -> problem(ctx, new Problem(500, "internal", "Internal error", null)));
        // a 404 a handler answered with its own problem (a job that is not there) keeps it; any other is a route missing
        routes.error(404, "*", ctx -> {
            if (ctx.attribute(ANSWERED) == null) problem(ctx, new Problem(404, "not-found", "No such resource", ctx.method() + " " + ctx.path()));
        });
        routes.error(405, "*", ctx -> problem(ctx, new Problem(405, "method-not-allowed", "Method not allowed", ctx.method() + " " + ctx.path())));
        routes.error(413, "*", ctx -> problem(ctx, new Problem(413, "body-too-large", "The body is too large", "at most 64 KiB")));
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
