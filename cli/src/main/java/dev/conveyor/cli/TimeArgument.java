package dev.conveyor.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a moment from the command line: an ISO-8601 instant ({@code 2026-11-22T10:00:00Z}), a local
 * date-time in this machine's zone ({@code 2026-11-22 10:00} or with seconds), a time ago ({@code
 * 10m ago}, {@code -10m}, units s/m/h/d), or {@code now}.
 */
public final class TimeArgument {
  private static final Pattern AGO = Pattern.compile("(?:-(\\d+)([smhd])|(\\d+)([smhd]) ago)");

  private TimeArgument() {}

  public static Instant parse(String text, Instant now, ZoneId zone) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.equals("now")) {
      return now;
    }
    Matcher ago = AGO.matcher(value);
    if (ago.matches()) {
      long amount = Long.parseLong(ago.group(1) != null ? ago.group(1) : ago.group(3));
      String unit = ago.group(2) != null ? ago.group(2) : ago.group(4);
      Duration duration =
          switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return now.minus(duration);
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException notAnInstant) {
      // try a local date-time next
    }
    String local = text.strip().replace(' ', 'T');
    if (local.length() == 16) {
      local += ":00";
    }
    try {
      return LocalDateTime.parse(local).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException(
          ExitCode.USAGE,
          "'"
              + text
              + "' is not a time: give one such as 2026-11-22T10:00:00Z, '2026-11-22 10:00',"
              + " '10m ago' or 'now'");
    }
  }
}
