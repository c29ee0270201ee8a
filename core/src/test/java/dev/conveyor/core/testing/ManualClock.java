package dev.conveyor.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when a test says so. */
public final class ManualClock implements InstantSource {
  private Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  public static ManualClock at(String isoInstant) {
    return new ManualClock(Instant.parse(isoInstant));
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  public synchronized Instant advance(Duration by) {
    now = now.plus(by);
    return now;
  }

  public synchronized void set(Instant to) {
    now = to;
  }
}
