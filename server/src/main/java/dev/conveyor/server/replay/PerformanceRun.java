package dev.conveyor.server.replay;

import dev.conveyor.core.Preconditions;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.replay.LatencyPercentiles;
import dev.conveyor.core.replay.RecordedRequest;
import dev.conveyor.core.replay.ReplaySet;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Times a candidate against production under the same load: the replay set's requests, cycled, at a
 * fixed rate, each sent to a candidate instance and to a production instance at the same moment, so
 * that both sides share the machine, its noise and its warm-up. Open loop, as {@link
 * dev.conveyor.server.load.LoadGenerator}: request {@code i} is due at {@code start + i / rate} and
 * its latency counts from then, so a stalled side is not hidden by a slowed sender. Instances of a
 * side take turns.
 *
 * <p>The load generator itself does not fit: it sends one weighted mix to one address, where this
 * sends one ordered set to two sides. Rates here are those of a staging check (tens to hundreds per
 * second), which {@code java.net.http.HttpClient} serves without adding tail latency of its own.
 */
public final class PerformanceRun {
  /** The highest rate accepted: far above a staging check, below what the client times well. */
  public static final int MAX_RATE = 1_000;

  /** The longest run accepted: a staging measure, not a soak test. */
  public static final Duration MAX_DURATION = Duration.ofMinutes(10);

  private final Duration timeout;
  private final Duration warmup;

  /**
   * @param timeout how long each request may take before it counts as a failure
   * @param warmup how long the load runs, at the same rate to both sides, before requests are
   *     timed: a fresh JVM is slow until its hot paths are compiled and its connections open
   */
  public PerformanceRun(Duration timeout, Duration warmup) {
    Preconditions.check(
        timeout != null && !timeout.isNegative() && !timeout.isZero(),
        "a performance run's request timeout must be positive, got %s",
        timeout);
    Preconditions.check(
        warmup != null && !warmup.isNegative() && warmup.compareTo(MAX_DURATION) <= 0,
        "a performance run's warm-up must be 0 to 10 minutes, got %s",
        warmup);
    this.timeout = timeout;
    this.warmup = warmup;
  }

  /** No warm-up: every request is timed. */
  public PerformanceRun(Duration timeout) {
    this(timeout, Duration.ZERO);
  }

  public PerformanceRun() {
    this(Replayer.DEFAULT_TIMEOUT);
  }

  /**
   * Each side's latencies, and how many of its requests got no answer (timed at the moment they
   * failed, so they count in the percentiles too).
   */
  public record Result(
      LatencyPercentiles candidate,
      LatencyPercentiles baseline,
      long candidateFailures,
      long baselineFailures) {}

  /**
   * Runs {@code ratePerSecond × duration} timed requests (after the warm-up's untimed ones) against
   * both sides at once.
   *
   * @param candidate the candidate's instances, taking turns
   * @param baseline production's instances (or copies of them in staging), taking turns
   */
  public Result run(
      ReplaySet set,
      List<Endpoint> candidate,
      List<Endpoint> baseline,
      int ratePerSecond,
      Duration duration) {
    Preconditions.present(set, "the replay set of a performance run");
    Preconditions.check(
        candidate != null && !candidate.isEmpty(),
        "a performance run needs at least one candidate instance, got none");
    Preconditions.check(
        baseline != null && !baseline.isEmpty(),
        "a performance run needs at least one production instance, got none");
    Preconditions.check(
        ratePerSecond >= 1 && ratePerSecond <= MAX_RATE,
        "a performance run's rate must be 1 to %s requests per second, got %s",
        MAX_RATE,
        ratePerSecond);
    Preconditions.check(
        duration != null
            && duration.compareTo(Duration.ZERO) > 0
            && duration.compareTo(MAX_DURATION) <= 0,
        "a performance run lasts more than 0 and at most 10 minutes, got %s",
        duration);
    long untimed = ratePerSecond * warmup.toNanos() / 1_000_000_000L;
    long total = untimed + Math.max(1, ratePerSecond * duration.toNanos() / 1_000_000_000L);
    long interval = 1_000_000_000L / ratePerSecond;
    Side candidates = new Side(candidate);
    Side baselines = new Side(baseline);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build()) {
      long start = System.nanoTime();
      for (long i = 0; i < total; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        if (Thread.currentThread().isInterrupted()) {
          throw new IllegalStateException("interrupted during a performance run");
        }
        RecordedRequest request = set.requests().get((int) (i % set.size()));
        // Each side goes first every other time, so neither always queues behind the other.
        Side first = i % 2 == 0 ? candidates : baselines;
        Side second = first == candidates ? baselines : candidates;
        boolean timed = i >= untimed;
        pending.add(first.send(client, request, i, due, timed));
        pending.add(second.send(client, request, i, due, timed));
      }
      await(pending);
    }
    return new Result(
        LatencyPercentiles.ofNanos(candidates.nanos),
        LatencyPercentiles.ofNanos(baselines.nanos),
        candidates.failures.get(),
        baselines.failures.get());
  }

  private void await(List<CompletableFuture<?>> pending) {
    try {
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
          .get(timeout.toNanos() * 2, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while awaiting a performance run's answers", e);
    } catch (ExecutionException | TimeoutException e) {
      // Every send handles its own failure; past twice the timeout, what is left is not waited for.
    }
  }

  /** One side's instances and what its requests measured. */
  private final class Side {
    final List<Endpoint> endpoints;
    final Queue<Long> nanos = new ConcurrentLinkedQueue<>();
    final AtomicLong failures = new AtomicLong();

    Side(List<Endpoint> endpoints) {
      this.endpoints = List.copyOf(endpoints);
    }

    CompletableFuture<?> send(
        HttpClient client, RecordedRequest request, long i, long due, boolean timed) {
      Endpoint target = endpoints.get((int) (i % endpoints.size()));
      HttpRequest http = Replayer.request(request, target, timeout);
      return client
          .sendAsync(http, HttpResponse.BodyHandlers.discarding())
          .handle(
              (response, failure) -> {
                if (!timed) {
                  return null;
                }
                nanos.add(System.nanoTime() - due);
                if (failure != null) {
                  failures.incrementAndGet();
                }
                return null;
              });
    }
  }
}
