package dev.conveyor.server.load;

import dev.conveyor.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP load open loop: request {@code i} is due at {@code start + i / rate} whatever happened
 * to earlier ones, and its latency is measured from that intended time, not from when it was
 * actually sent. A slow server therefore shows in the latency of every request due while it was
 * slow, instead of silently slowing the generator down (Gil Tene's "coordinated omission").
 *
 * <p>One scheduler thread dispatches requests when they fall due, never sleeping per request on a
 * sending thread; each request then runs on its own virtual thread over a pooled keep-alive
 * HTTP/1.1 connection ({@link Http1Connection}: blocking sockets, which virtual threads turn into
 * NIO). Measured on the project's two-core machine, with the server sharing the cores: about 6,000
 * requests per second on time against a server that answers at once, where {@code
 * java.net.http.HttpClient} reached about 3,300 and had tails of hundreds of milliseconds from
 * 2,000 per second on, overhead that a report would have blamed on the server. At most {@link
 * LoadPlan#maxInFlight()} requests await a response at once: a request due while the cap is full
 * waits for a slot and is counted as sent late (its latency includes the wait), or, if no slot
 * frees before its timeout, is counted as an {@link TransportFailure#IN_FLIGHT_CAP} failure. No
 * planned request is dropped unrecorded.
 *
 * <p>Use one generator per run: {@code new LoadGenerator(plan).run(progress -> …)}; {@link #stop()}
 * from another thread ends the sending early and still returns a report.
 */
public final class LoadGenerator {
  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

  /** Mix picks are seeded, so two runs of one plan send the same sequence of requests. */
  private static final long MIX_SEED = 0x5EED_10ADL;

  /** How often {@link LoadProgress} is reported. */
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

  /** How much longer than twice the timeout the end of a run waits for stragglers. */
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

  private final LoadPlan plan;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();

  // Counters, written from the scheduler and the client's completion threads.
  private final LongAdder sent = new LongAdder();
  private final LongAdder sentLate = new LongAdder();
  private final LongAdder finished = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Map<TransportFailure, LongAdder> failures = new EnumMap<>(TransportFailure.class);

  /** Latencies in microseconds; the progress reporter and the final report read it, in turn. */
  private final Recorder recorder = new Recorder(3);

  private final Histogram total = new Histogram(3);
  private Histogram interval;

  /** Guards the in-flight count and the queue of requests waiting for a slot. */
  private final Object slots = new Object();

  private int inFlight;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final Map<Pending, Boolean> outstanding = new ConcurrentHashMap<>();

  /** Idle keep-alive connections, most recently used first; at most one per in-flight slot. */
  private final ConcurrentLinkedDeque<Http1Connection> idle = new ConcurrentLinkedDeque<>();

  /** Every open connection, so that the end of a run can close them all. */
  private final Map<Http1Connection, Boolean> open = new ConcurrentHashMap<>();

  private ExecutorService exchanges;
  private InetSocketAddress address;
  private byte[][] requests;
  private boolean[] bodyless;
  private long start;
  private volatile long lastSendNanos;
  private volatile LoadGenerator warming;

  public LoadGenerator(LoadPlan plan) {
    this.plan = plan;
    for (TransportFailure kind : TransportFailure.values()) {
      failures.put(kind, new LongAdder());
    }
  }

  /** Runs the plan without progress reports. */
  public static LoadReport run(LoadPlan plan) {
    return new LoadGenerator(plan).run(progress -> {});
  }

  /**
   * Sends the plan's load and returns once every request has an outcome (or, for one that never
   * answers, its timeout and a short grace have passed).
   *
   * @param onProgress told about once a second, on another thread; if it throws, the run goes on
   * @throws IllegalStateException if this generator already ran
   */
  public LoadReport run(Consumer<? super LoadProgress> onProgress) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a LoadGenerator runs once; create another for " + plan);
    }
    if (plan.warmup().isPositive()) {
      // Same JVM, same code paths: what the warm-up compiles, the measured run uses.
      LoadGenerator warmup = new LoadGenerator(plan.warmupPlan());
      warming = warmup;
      warmup.run(progress -> {});
      warming = null;
      if (stopRequested.get()) {
        start = System.nanoTime();
        lastSendNanos = start;
        return report(0, start);
      }
    }
    address = resolve(plan.target());
    List<RequestTemplate> templates = plan.mix().templates();
    requests = new byte[templates.size()][];
    bodyless = new boolean[templates.size()];
    for (int i = 0; i < templates.size(); i++) {
      requests[i] = request(templates.get(i));
      bodyless[i] = templates.get(i).method().equals("HEAD");
    }
    exchanges = Executors.newVirtualThreadPerTaskExecutor();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("load-progress").unstarted(r));
    try {
      start = System.nanoTime();
      lastSendNanos = start;
      long period = PROGRESS_INTERVAL.toNanos();
      ProgressTicker tick = new ProgressTicker(onProgress);
      ticker.scheduleAtFixedRate(tick, period, period, TimeUnit.NANOSECONDS);
      long planned = schedule();
      awaitOutcomes();
      long end = System.nanoTime();
      ticker.shutdownNow();
      return report(planned, end);
    } finally {
      ticker.shutdownNow();
      open.keySet().forEach(Http1Connection::close);
      exchanges.shutdownNow();
    }
  }

  /** Ends the sending early (the warm-up too): requests not yet due are not planned any more. */
  public void stop() {
    stopRequested.set(true);
    LoadGenerator warmup = warming;
    if (warmup != null) {
      warmup.stop();
    }
  }

  /** Stopped by {@link #stop()}, or the running thread was interrupted (e.g. Ctrl-C). */
  private boolean stopping() {
    return stopRequested.get() || Thread.currentThread().isInterrupted();
  }

  private static InetSocketAddress resolve(URI target) {
    int port = target.getPort() >= 0 ? target.getPort() : 80;
    try {
      return new InetSocketAddress(InetAddress.getByName(target.getHost()), port);
    } catch (UnknownHostException e) {
      throw new InvalidInputException(
          "the load target's host '" + target.getHost() + "' does not resolve: check the URL", e);
    }
  }

  /** The request's bytes, built once and written as they are for every request of its kind. */
  private byte[] request(RequestTemplate template) {
    URI url = plan.url(template);
    String target = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      target += "?" + url.getRawQuery();
    }
    byte[] body = template.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head =
        new StringBuilder()
            .append(template.method())
            .append(' ')
            .append(target)
            .append(" HTTP/1.1\r\nHost: ")
            .append(url.getRawAuthority())
            .append("\r\nUser-Agent: conveyor-load\r\n");
    if (body.length > 0) {
      head.append("Content-Type: ")
          .append(template.jsonBody() ? "application/json" : "text/plain; charset=utf-8")
          .append("\r\n");
    }
    if (body.length > 0
        || !List.of("GET", "HEAD", "DELETE", "OPTIONS").contains(template.method())) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(body);
    return bytes.toByteArray();
  }

  /** Dispatches every request at its intended time; returns how many it planned. */
  private long schedule() {
    SplittableRandom random = new SplittableRandom(MIX_SEED);
    int totalWeight = plan.mix().totalWeight();
    long count = plan.requests();
    for (long i = 0; i < count; i++) {
      long intended = start + plan.intendedOffsetNanos(i);
      // Park until the request is due; requests already due (we fell behind) go out at once, and
      // their latency still counts from when they were due.
      long now;
      while ((now = System.nanoTime()) < intended && !stopping()) {
        LockSupport.parkNanos(intended - now);
      }
      if (stopping()) {
        return i;
      }
      expireWaiting(now);
      dispatch(new Pending(intended, plan.mix().pick(random.nextInt(totalWeight))));
    }
    return count;
  }

  /** Sends now if a slot is free and nobody waits for one; else joins the queue for a slot. */
  private void dispatch(Pending pending) {
    synchronized (slots) {
      if (inFlight >= plan.maxInFlight() || !waiting.isEmpty()) {
        waiting.addLast(pending);
        return;
      }
      inFlight++;
    }
    send(pending, false);
  }

  private void send(Pending pending, boolean late) {
    sent.increment();
    if (late) {
      sentLate.increment();
    }
    long now = System.nanoTime();
    if (now > lastSendNanos) {
      lastSendNanos = now;
    }
    outstanding.put(pending, Boolean.TRUE);
    try {
      exchanges.execute(() -> exchange(pending));
    } catch (RuntimeException e) {
      // The executor refuses work only once the run is over (a request given up on at the end).
      failed(pending, TransportFailure.OTHER);
    }
  }

  /** Runs one request on its virtual thread: an idle connection if there is one, else a new one. */
  private void exchange(Pending pending) {
    long deadline = System.nanoTime() + plan.timeout().toNanos();
    Http1Connection connection = idle.pollFirst();
    try {
      int status;
      if (connection == null) {
        connection = connect(deadline);
      }
      try {
        status =
            connection.exchange(requests[pending.template], bodyless[pending.template], deadline);
      } catch (Http1Connection.StaleConnectionException e) {
        // Once, on a fresh connection: the old one was closed by the server while idle.
        discard(connection);
        connection = connect(deadline);
        status =
            connection.exchange(requests[pending.template], bodyless[pending.template], deadline);
      }
      // Back in the pool before the slot is released, so the next request can reuse it.
      if (connection.reusable()) {
        idle.offerFirst(connection);
      } else {
        discard(connection);
      }
      responded(pending, status);
    } catch (IOException | RuntimeException e) {
      if (connection != null) {
        discard(connection);
      }
      failed(pending, TransportFailure.of(e));
    }
  }

  private Http1Connection connect(long deadline) throws IOException {
    Http1Connection connection = Http1Connection.open(address, deadline);
    open.put(connection, Boolean.TRUE);
    return connection;
  }

  private void discard(Http1Connection connection) {
    connection.close();
    open.remove(connection);
  }

  private void responded(Pending pending, int status) {
    if (pending.finish()) {
      record(pending);
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
      if (status >= 500) {
        serverErrors.increment();
      }
      release(pending);
    }
  }

  private void failed(Pending pending, TransportFailure kind) {
    if (pending.finish()) {
      record(pending);
      failures.get(kind).increment();
      release(pending);
    }
  }

  private void record(Pending pending) {
    long micros = Math.max(0, (System.nanoTime() - pending.intended) / 1_000);
    recorder.recordValue(micros);
    finished.increment();
  }

  /** Frees a slot: hands it straight to the longest-waiting request still within its timeout. */
  private void release(Pending done) {
    outstanding.remove(done);
    Pending next;
    long now = System.nanoTime();
    synchronized (slots) {
      while ((next = waiting.pollFirst()) != null && expired(next, now)) {
        giveUp(next);
      }
      if (next == null) {
        inFlight--;
        slots.notifyAll();
        return;
      }
    }
    send(next, true);
  }

  /** Fails the waiting requests whose timeout passed before a slot freed. */
  private void expireWaiting(long now) {
    synchronized (slots) {
      while (!waiting.isEmpty() && expired(waiting.peekFirst(), now)) {
        giveUp(waiting.pollFirst());
      }
    }
  }

  private boolean expired(Pending pending, long now) {
    return now - pending.intended >= plan.timeout().toNanos();
  }

  private void giveUp(Pending pending) {
    if (pending.finish()) {
      record(pending);
      failures.get(TransportFailure.IN_FLIGHT_CAP).increment();
      long now = System.nanoTime();
      if (now > lastSendNanos) {
        lastSendNanos = now;
      }
    }
  }

  /**
   * Waits until nothing is in flight or waiting. Socket timeouts end every sent request within the
   * timeout of its sending, and waiting ones expire within the timeout of their intended time; one
   * that somehow outlives twice the timeout and a grace is failed as a timeout.
   */
  private void awaitOutcomes() {
    long deadline = System.nanoTime() + plan.timeout().multipliedBy(2).plus(DRAIN_GRACE).toNanos();
    synchronized (slots) {
      while (inFlight > 0 || !waiting.isEmpty()) {
        long now = System.nanoTime();
        while (!waiting.isEmpty() && expired(waiting.peekFirst(), now)) {
          giveUp(waiting.pollFirst());
        }
        long left = deadline - now;
        if (left <= 0) {
          break;
        }
        try {
          // Wakes on every freed slot; the 10 ms bound is for expiring waiters meanwhile.
          slots.wait(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    for (Pending stuck : outstanding.keySet()) {
      failed(stuck, TransportFailure.TIMEOUT);
    }
    synchronized (slots) {
      while (!waiting.isEmpty()) {
        giveUp(waiting.pollFirst());
      }
    }
  }

  private LoadReport report(long planned, long end) {
    Map<Integer, Long> statusCounts = new TreeMap<>();
    statuses.forEach((status, count) -> statusCounts.put(status, count.sum()));
    Map<TransportFailure, Long> failureCounts = new EnumMap<>(TransportFailure.class);
    failures.forEach((kind, count) -> failureCounts.put(kind, count.sum()));
    long intervalNanos = plan.intendedOffsetNanos(1);
    return new LoadReport(
        plan,
        planned,
        sent.sum(),
        sentLate.sum(),
        Duration.ofNanos(end - start),
        Duration.ofNanos(lastSendNanos - start + intervalNanos),
        new TreeMap<>(statusCounts),
        failureCounts,
        latencySoFar());
  }

  /** Latency over everything recorded until now; the progress ticker and the report share it. */
  private synchronized LatencySummary latencySoFar() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return LatencySummary.of(total);
  }

  /** Reports progress; one instance per run, called on the ticker's thread. */
  private final class ProgressTicker implements Runnable {
    private final Consumer<? super LoadProgress> listener;
    private long lastSent;
    private long lastTick = System.nanoTime();

    ProgressTicker(Consumer<? super LoadProgress> listener) {
      this.listener = listener;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      long sentNow = sent.sum();
      double rate = (sentNow - lastSent) / ((now - lastTick) / 1e9);
      lastSent = sentNow;
      lastTick = now;
      Duration p99 = latencySoFar().p99();
      long errors = serverErrors.sum();
      for (LongAdder count : failures.values()) {
        errors += count.sum();
      }
      LoadProgress progress =
          new LoadProgress(
              Duration.ofNanos(now - start), sentNow, finished.sum(), errors, rate, p99);
      try {
        listener.accept(progress);
      } catch (RuntimeException e) {
        // A broken progress display must not end the run (nor, thrown here, the ticker).
        log.warn("load progress listener failed; the run goes on", e);
      }
    }
  }

  /** A planned request: when it was due and which template it is; finished at most once. */
  private static final class Pending {
    final long intended;
    final int template;
    private final AtomicBoolean done = new AtomicBoolean();

    Pending(long intended, int template) {
      this.intended = intended;
      this.template = template;
    }

    /** True the first time only, so that each request has exactly one outcome. */
    boolean finish() {
      return done.compareAndSet(false, true);
    }
  }
}
