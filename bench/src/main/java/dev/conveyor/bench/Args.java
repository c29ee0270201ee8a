package dev.conveyor.bench;

import java.util.List;
import java.util.function.Function;

/**
 * What the benchmarks' command lines share: {@code --help}, a mistake reported with the usage, and
 * reading the value of an option.
 */
public final class Args {
  private Args() {}

  /** A mistake on the command line, reported with the usage. */
  public static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /**
   * The options {@code parse} makes of {@code args}; null after printing {@code usage} for {@code
   * --help} or {@code -h}. A {@link UsageException} is printed as {@code <program>: <message>} with
   * the usage, and exits with 2.
   */
  public static <T> T parse(
      String[] args, String program, String usage, Function<List<String>, T> parse) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(usage);
      return null;
    }
    try {
      return parse.apply(List.of(args));
    } catch (UsageException e) {
      System.err.println(program + ": " + e.getMessage());
      System.err.println(usage);
      System.exit(2);
      return null;
    }
  }

  /** The value after option {@code key}, at {@code i}. */
  public static String value(List<String> args, int i, String key) {
    if (i >= args.size()) {
      throw new UsageException(key + " needs a value");
    }
    return args.get(i);
  }

  public static int positiveInt(String key, String text) {
    try {
      int value = Integer.parseInt(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(key + " needs a positive whole number, got '" + text + "'");
  }

  /** A positive whole number that may be written with underscores, such as {@code 1_000_000}. */
  public static long positiveLong(String key, String text) {
    long value = wholeNumber(key, text.replace("_", ""));
    if (value <= 0) {
      throw new UsageException(key + " needs a positive whole number, got '" + text + "'");
    }
    return value;
  }

  /** A positive finite number. */
  public static double positiveDouble(String key, String text) {
    try {
      double value = Double.parseDouble(text);
      if (value > 0 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(key + " needs a positive number, got '" + text + "'");
  }

  public static long wholeNumber(String key, String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new UsageException(key + " needs a whole number, got '" + text + "'");
    }
  }
}
