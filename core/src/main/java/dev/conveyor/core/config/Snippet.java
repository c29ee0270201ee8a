package dev.conveyor.core.config;

import dev.conveyor.core.Preconditions;

/**
 * A value from a config file made safe to quote in an error message: control characters escaped and
 * long values shortened, so that hostile input cannot flood a log line.
 */
public final class Snippet {
  /** Values longer than this many characters are cut and end in {@code ...}. */
  static final int MAX_LENGTH = 60;

  private Snippet() {}

  /** {@code value} in single quotes, escaped and shortened, e.g. {@code 'checkout'}. */
  public static String quoted(String value) {
    return "'" + of(value) + "'";
  }

  /** {@code value} escaped and shortened, without quotes. */
  public static String of(String value) {
    boolean cut = value.length() > MAX_LENGTH;
    String shown = cut ? value.substring(0, MAX_LENGTH) : value;
    StringBuilder out = new StringBuilder(shown.length() + 8);
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (Character.getType(c) == Character.CONTROL) {
            out.append(Preconditions.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return cut ? out.append("...").toString() : out.toString();
  }
}
