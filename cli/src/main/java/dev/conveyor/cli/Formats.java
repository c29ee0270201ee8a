package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How the CLI writes times, ids and shares for people. */
final class Formats {
  private Formats() {}

  /** {@code 2026-11-22 10:00:00Z}: UTC to the second, so that every reader sees the same moment. */
  static String time(String iso) {
    try {
      return Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** {@code PT1M30S} as {@code 1m30s}; {@code PT0.5S} as {@code 500ms}. */
  static String duration(String iso) {
    try {
      return dev.conveyor.core.plan.Durations.human(java.time.Duration.parse(iso));
    } catch (java.time.format.DateTimeParseException e) {
      return iso;
    }
  }

  static String shortHash(String hash) {
    return hash == null || hash.length() <= 12 ? hash : hash.substring(0, 12);
  }

  static String shortArtifact(String id) {
    return id != null && id.startsWith("sha256:") ? id.substring(7, Math.min(id.length(), 19)) : id;
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
