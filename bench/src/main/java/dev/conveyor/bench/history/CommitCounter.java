package dev.conveyor.bench.history;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Infers how many commits the store made, without touching its API: the store's clock, telling the
 * real time. {@code SqliteEventStore}'s writer thread stamps every append of a batch (reading this
 * clock) before its one commit, and acknowledges them all after it; so each switch on that thread
 * from stamping to acknowledging is one commit. Acknowledgements are reported by callbacks on the
 * appends' futures, which run on the writer thread that completes them. It is an inference from how
 * the store works today, and is printed as an estimate.
 */
final class CommitCounter implements InstantSource {
  private volatile Thread stamper;
  private volatile boolean stamped;
  private final AtomicLong commits = new AtomicLong();

  @Override
  public Instant instant() {
    stamper = Thread.currentThread();
    stamped = true;
    return Instant.now();
  }

  /** Called by a callback when an append is acknowledged; counts the first after a stamping. */
  void acknowledged() {
    if (Thread.currentThread() == stamper && stamped) {
      stamped = false;
      commits.incrementAndGet();
    }
  }

  long commits() {
    return commits.get();
  }
}
