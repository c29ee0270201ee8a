package dev.conveyor.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration from the command line as config files write them: whole numbers with units d, h,
 * m, s and ms, largest first, e.g. {@code 30s}, {@code 2m}, {@code 1m30s}, {@code 500ms}.
 */
public final class DurationArgument {
  private static final Pattern SYNTAX =
      Pattern.compile(
          "(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m(?!s))?(?:(\\d{1,9})s)?(?:(\\d{1,9})ms)?");

  private DurationArgument() {}

  /**
   * Parses {@code text} given for {@code option}.
   *
   * @throws CliException with {@link ExitCode#USAGE} naming the option and the value
   */
  public static Duration parse(String option, String text) {
    Matcher m = SYNTAX.matcher(text.strip());
    if (text.isBlank() || !m.matches()) {
      throw new CliException(
          ExitCode.USAGE,
          option + " '" + text + "' is not a duration: give one such as 30s, 2m, 1m30s or 500ms");
    }
    return Duration.ofDays(part(m, 1))
        .plusHours(part(m, 2))
        .plusMinutes(part(m, 3))
        .plusSeconds(part(m, 4))
        .plusMillis(part(m, 5));
  }

  private static long part(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }
}
