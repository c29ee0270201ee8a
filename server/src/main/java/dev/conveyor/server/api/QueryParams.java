package dev.conveyor.server.api;

import dev.conveyor.core.InvalidInputException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads query parameters strictly: a bad value is an error that names the parameter and the rule.
 */
final class QueryParams {
  private QueryParams() {}

  static Optional<String> string(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  static Optional<Long> seq(Context ctx, String name) {
    return string(ctx, name)
        .map(
            value -> {
              try {
                long seq = Long.parseLong(value);
                if (seq >= 0) {
                  return seq;
                }
              } catch (NumberFormatException ignored) {
                // reported below
              }
              throw new InvalidInputException(
                  "query parameter '"
                      + name
                      + "' must be a sequence number (0 or more), got '"
                      + value
                      + "'");
            });
  }

  static int limit(Context ctx, int defaultLimit, int max) {
    return string(ctx, "limit")
        .map(
            value -> {
              try {
                int limit = Integer.parseInt(value);
                if (limit >= 1 && limit <= max) {
                  return limit;
                }
              } catch (NumberFormatException ignored) {
                // reported below
              }
              throw new InvalidInputException(
                  "query parameter 'limit' must be a whole number from 1 to "
                      + max
                      + ", got '"
                      + value
                      + "'");
            })
        .orElse(defaultLimit);
  }

  static Optional<Instant> instant(Context ctx, String name) {
    return string(ctx, name)
        .map(
            value -> {
              try {
                return Instant.parse(value);
              } catch (DateTimeParseException e) {
                throw new InvalidInputException(
                    "query parameter '"
                        + name
                        + "' must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, got '"
                        + value
                        + "'");
              }
            });
  }
}
