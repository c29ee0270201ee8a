package dev.conveyor.server.api;

import dev.conveyor.core.InvalidInputException;
import io.javalin.http.Context;
import java.time.Duration;
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

  /** A duration in the config syntax, such as {@code 1d} or {@code 6h30m}. */
  static Optional<Duration> duration(Context ctx, String name) {
    return string(ctx, name)
        .map(
            value -> {
              Duration d;
              try {
                d = dev.conveyor.core.config.Durations.parse(value);
              } catch (ArithmeticException e) {
                d = null;
              }
              if (d == null) {
                throw new InvalidInputException(
                    "query parameter '"
                        + name
                        + "' must be a duration such as 6h or 1d12h, got '"
                        + value
                        + "'");
              }
              return d;
            });
  }

  /** A whole number from {@code min} to {@code max}. */
  static Optional<Integer> integer(Context ctx, String name, int min, int max) {
    return string(ctx, name)
        .map(
            value -> {
              try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                  return n;
                }
              } catch (NumberFormatException ignored) {
                // reported below
              }
              throw new InvalidInputException(
                  "query parameter '"
                      + name
                      + "' must be a whole number from "
                      + min
                      + " to "
                      + max
                      + ", got '"
                      + value
                      + "'");
            });
  }
}
