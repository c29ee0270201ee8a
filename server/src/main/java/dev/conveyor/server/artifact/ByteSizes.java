package dev.conveyor.server.artifact;

import java.util.Locale;

/** Byte counts as people read them: {@code 2 KiB (2048 bytes)}. */
final class ByteSizes {
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private ByteSizes() {}

  /** {@code 2 KiB (2048 bytes)}, or just {@code 100 bytes} below one KiB. */
  static String describe(long bytes) {
    if (bytes < 1024) {
      return bytes == 1 ? "1 byte" : bytes + " bytes";
    }
    return human(bytes) + " (" + bytes + " bytes)";
  }

  /** {@code 2 KiB}, {@code 1.5 MiB}: binary units, one decimal when the value is not whole. */
  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    int unit = -1;
    double value = bytes;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = String.format(Locale.ROOT, "%.1f", value);
    if (number.endsWith(".0")) {
      number = number.substring(0, number.length() - 2);
    }
    return number + " " + UNITS[unit];
  }
}
