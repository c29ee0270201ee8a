package dev.conveyor.core.history;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.ServiceName;

/**
 * Which events to read: sequence numbers {@code afterSeq < seq <= untilSeq}, optionally of one
 * service only, at most {@code limit} of them, oldest first unless {@code newestFirst}.
 */
public record EventQuery(
    long afterSeq, long untilSeq, ServiceName service, int limit, boolean newestFirst) {
  /** The largest page a caller may ask for. */
  public static final int MAX_LIMIT = 10_000;

  public EventQuery {
    Preconditions.check(afterSeq >= 0, "afterSeq must be 0 or more, got %s", afterSeq);
    Preconditions.check(untilSeq >= 0, "untilSeq must be 0 or more, got %s", untilSeq);
    Preconditions.check(
        limit >= 1 && limit <= MAX_LIMIT, "limit must be 1 to %s, got %s", MAX_LIMIT, limit);
  }

  /** Oldest first, every service, from the start. */
  public static EventQuery all(int limit) {
    return new EventQuery(0, Long.MAX_VALUE, null, limit, false);
  }

  public EventQuery after(long seq) {
    return new EventQuery(seq, untilSeq, service, limit, newestFirst);
  }

  public EventQuery until(long seq) {
    return new EventQuery(afterSeq, seq, service, limit, newestFirst);
  }

  public EventQuery of(ServiceName service) {
    return new EventQuery(afterSeq, untilSeq, service, limit, newestFirst);
  }

  public EventQuery reversed() {
    return new EventQuery(afterSeq, untilSeq, service, limit, true);
  }
}
