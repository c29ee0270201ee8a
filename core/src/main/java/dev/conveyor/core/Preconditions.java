package dev.conveyor.core;

import java.util.Locale;

/**
 * Argument checks that fail with an {@link InvalidInputException} built from a message template.
 *
 * <p>Templates use {@code %s} placeholders and are only formatted when the check fails.
 */
public final class Preconditions {
  private Preconditions() {}

  /** Fails with the formatted message unless {@code condition} holds. */
  public static void check(boolean condition, String template, Object... args) {
    if (!condition) {
      throw new InvalidInputException(format(template, args));
    }
  }

  /** Returns {@code value} unless it is null, else fails naming {@code what}. */
  public static <T> T present(T value, String what) {
    if (value == null) {
      throw new InvalidInputException(what + " is required");
    }
    return value;
  }

  /** Formats a message template in the root locale, so messages never depend on the machine. */
  public static String format(String template, Object... args) {
    return args.length == 0 ? template : String.format(Locale.ROOT, template, args);
  }
}
