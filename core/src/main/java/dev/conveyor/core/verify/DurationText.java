package dev.conveyor.core.verify;

import dev.conveyor.core.config.ConfigReader;
import java.time.Duration;

/** Reads a duration written as config writes it ({@code 30s}, {@code 1m30s}, {@code 250ms}). */
final class DurationText {
  private DurationText() {}

  static Duration parse(String text) {
    return ConfigReader.parse("d: " + text + "\n", "duration").duration("d");
  }
}
