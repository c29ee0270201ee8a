package dev.conveyor.bench.history;

import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.history.EventStore;
import dev.conveyor.server.store.SqliteEventStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Durable appends per second to a {@link SqliteEventStore}, one event per append, acknowledged only
 * once durable, by one or more concurrent appenders (threads) at {@link EventStore#ANY}.
 */
final class AppendThroughput {
  private AppendThroughput() {}

  /** How the appenders append. */
  enum Mode {
    SINGLE("1 appender, synchronous", 1, 1),
    CONCURRENT("8 appenders, synchronous", 8, 1),
    PIPELINED("8 appenders × 64 in flight", 8, 64);

    final String label;
    final int appenders;
    final int inFlight;

    Mode(String label, int appenders, int inFlight) {
      this.label = label;
      this.appenders = appenders;
      this.inFlight = inFlight;
    }
  }

  /**
   * Events appended durably, the commits they took (counted by the store), and each append's
   * latency.
   */
  record Result(Mode mode, long events, long commits, double seconds, Latencies.Summary latency) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double eventsPerCommit() {
      return commits == 0 ? Double.NaN : (double) events / commits;
    }
  }

  /** Warms up for {@code warmup} seconds, then measures for {@code seconds}, in a new store. */
  static Result measure(
      Path file, Mode mode, double warmup, double seconds, List<EventDraft> sample)
      throws InterruptedException {
    try (SqliteEventStore store = SqliteEventStore.open(file, java.time.InstantSource.system())) {
      drive(store, mode, warmup, sample);
      return drive(store, mode, seconds, sample);
    }
  }

  private static Result drive(
      SqliteEventStore store, Mode mode, double seconds, List<EventDraft> sample)
      throws InterruptedException {
    long commitsBefore = store.stats().commits();
    Latencies latencies = new Latencies();
    AtomicLong events = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < mode.appenders; k++) {
      Appender appender =
          new Appender(store, sample, k * 7919, deadline, latencies, events, failure);
      Runnable body = mode.inFlight == 1 ? appender::synchronous : () -> appender.pipelined(mode);
      threads.add(
          Thread.ofPlatform()
              .name("appender-" + k)
              .start(
                  () -> {
                    try {
                      body.run();
                    } catch (RuntimeException | Error e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long end = System.nanoTime();
    if (failure.get() != null) {
      throw new IllegalStateException(
          "an append failed during '" + mode.label + "': " + failure.get(), failure.get());
    }
    return new Result(
        mode,
        events.get(),
        store.stats().commits() - commitsBefore,
        (end - start) / 1e9,
        latencies.summary());
  }

  /** One appender thread, cycling through the sample of realistic events. */
  private record Appender(
      EventStore store,
      List<EventDraft> sample,
      int offset,
      long deadline,
      Latencies latencies,
      AtomicLong events,
      AtomicReference<Throwable> failure) {

    private List<EventDraft> draft(long i) {
      return List.of(sample.get((int) Math.floorMod(offset + i, (long) sample.size())));
    }

    /** One append at a time, each waited for until durable, as {@link EventStore#append} does. */
    void synchronous() {
      Semaphore acknowledged = new Semaphore(0);
      try {
        for (long i = 0; System.nanoTime() < deadline && failure.get() == null; i++) {
          long t0 = System.nanoTime();
          CompletableFuture<List<RecordedEvent>> future =
              store.appendAsync(EventStore.ANY, draft(i));
          future.whenComplete(
              (recorded, error) -> {
                acknowledged.release();
              });
          acknowledged.acquire();
          future.join(); // completed: rethrows a failure
          latencies.record(System.nanoTime() - t0);
          events.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    /** Up to {@code mode.inFlight} appends outstanding; each completes once durable. */
    void pipelined(Mode mode) {
      Semaphore window = new Semaphore(mode.inFlight);
      try {
        for (long i = 0; System.nanoTime() < deadline && failure.get() == null; i++) {
          window.acquire();
          long t0 = System.nanoTime();
          store
              .appendAsync(EventStore.ANY, draft(i))
              .whenComplete(
                  (recorded, error) -> {
                    if (error != null) {
                      failure.compareAndSet(null, error);
                    } else {
                      latencies.record(System.nanoTime() - t0);
                      events.incrementAndGet();
                    }
                    window.release();
                  });
        }
        window.acquire(mode.inFlight); // every append still in flight has completed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
