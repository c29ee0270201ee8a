package dev.conveyor.server.driver;

import dev.conveyor.core.ConveyorException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.artifact.Manifest;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceDriver;
import dev.conveyor.core.instance.InstanceFailedException;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.server.artifact.ArtifactArchive;
import dev.conveyor.server.artifact.ArtifactStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default {@link InstanceDriver}: each instance is a local process, run from its own
 * directory ({@code <root>/<instance>/app}, the artifact unpacked after its digest is checked), on
 * a free loopback port, with a size-capped log ({@code <root>/<instance>/log}).
 *
 * <p>Instances outlive the server on purpose: they run in their own session ({@code setsid}), so a
 * Ctrl-C or a crash of the server does not take production down, and a restarted server re-adopts
 * them ({@link #running}, {@link #adopt}) by pid and process start time, never by pid alone. A
 * process found under the root that no record accounts for is stopped at start-up.
 */
public final class LocalProcessDriver implements InstanceDriver {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProcessDriver.class);

  /**
   * Environment variables passed through from the server; everything else comes from the manifest.
   */
  private static final List<String> PASSED_THROUGH =
      List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME", "USER");

  private static final Optional<Path> SETSID =
      Stream.of("/usr/bin/setsid", "/bin/setsid")
          .map(Path::of)
          .filter(Files::isExecutable)
          .findFirst();

  /**
   * How the driver runs instances.
   *
   * @param healthInterval how often a ready instance's readiness path is checked
   * @param healthFailures after this many failed checks in a row, the instance has failed
   */
  public record Settings(
      Path root,
      Duration healthInterval,
      int healthFailures,
      Duration probeTimeout,
      long logCapBytes,
      int logTailLines) {
    public Settings {
      Preconditions.present(root, "instances root");
      Preconditions.check(
          healthInterval.isPositive(), "health interval must be positive, got %s", healthInterval);
      Preconditions.check(
          healthFailures >= 1, "health failures must be 1 or more, got %s", healthFailures);
      Preconditions.check(
          probeTimeout.isPositive(), "probe timeout must be positive, got %s", probeTimeout);
      Preconditions.check(
          logCapBytes >= 1024, "log cap must be at least 1024 bytes, got %s", logCapBytes);
    }

    public static Settings defaults(Path root) {
      return new Settings(root, Duration.ofSeconds(1), 3, Duration.ofSeconds(2), 10L << 20, 20);
    }
  }

  /** An instance this driver runs (started here, or adopted after a restart). */
  private static final class Tracked {
    final ProcessRecord record;
    final ProcessHandle handle;
    final Process process; // null when adopted: the exit code is then unknown
    final CappedLog log;
    final Path dir;
    final Duration readinessTimeout;
    volatile boolean ready;
    volatile boolean stopping;
    volatile boolean reported;
    int failedChecks; // touched by the ticker thread only

    Tracked(
        ProcessRecord record,
        ProcessHandle handle,
        Process process,
        CappedLog log,
        Path dir,
        Duration readinessTimeout) {
      this.record = record;
      this.handle = handle;
      this.process = process;
      this.log = log;
      this.dir = dir;
      this.readinessTimeout = readinessTimeout;
    }

    String exit() {
      if (process != null && !process.isAlive()) {
        return "with code " + process.exitValue();
      }
      return "";
    }
  }

  private final Settings settings;
  private final ArtifactStore artifacts;
  private final ReadinessProbe probe;
  private final Map<InstanceId, Tracked> tracked = new ConcurrentHashMap<>();
  private final Map<InstanceId, ProcessRecord> found = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  private volatile Watcher watcher = (instance, reason) -> {};

  public LocalProcessDriver(Settings settings, ArtifactStore artifacts) {
    this.settings = settings;
    this.artifacts = artifacts;
    this.probe = new ReadinessProbe(settings.probeTimeout());
    try {
      Files.createDirectories(settings.root());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the instances directory " + settings.root(), e);
    }
    scanRoot();
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "instance-watch");
              t.setDaemon(true);
              return t;
            });
    long interval = settings.healthInterval().toMillis();
    ticker.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
  }

  // ---- start and readiness ----

  @Override
  public Started start(Launch launch) {
    InstanceId id = launch.instance();
    Path dir = settings.root().resolve(id.value());
    if (Files.exists(dir)) {
      throw new InstanceFailedException(
          id, "instance " + id + " already has a directory at " + dir);
    }
    Process process = null;
    try {
      Files.createDirectories(dir);
      artifacts.verify(launch.artifact());
      Path archive =
          artifacts
              .path(launch.artifact())
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "artifact " + launch.artifact() + " is not in the store"));
      Path app = dir.resolve("app");
      ArtifactArchive.unpack(archive, app, ArtifactArchive.Limits.DEFAULT);
      int port = freePort();
      Manifest manifest = launch.manifest();
      CappedLog log = new CappedLog(dir.resolve("log"), settings.logCapBytes());
      ProcessBuilder builder =
          new ProcessBuilder(command(manifest))
              .directory(app.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      environment(builder.environment(), launch, port);
      process = builder.start();
      Instant processStart = process.info().startInstant().orElseGet(Instant::now);
      Endpoint endpoint = Endpoint.of("127.0.0.1", port);
      ProcessRecord record =
          new ProcessRecord(
              id,
              launch.fleet(),
              launch.artifact(),
              process.pid(),
              processStart,
              endpoint,
              manifest.readinessPath());
      record.write(dir);
      Tracked t =
          new Tracked(record, process.toHandle(), process, log, dir, manifest.readinessTimeout());
      tracked.put(id, t);
      process.onExit().thenRun(() -> exited(t));
      return new Started(id, endpoint, record.runtime());
    } catch (IOException | ConveyorException e) {
      if (process != null) {
        process.destroyForcibly();
      }
      deleteQuietly(dir);
      String cause = e instanceof IOException ? describe((IOException) e) : e.getMessage();
      throw new InstanceFailedException(id, "instance " + id + " could not start: " + cause, e);
    }
  }

  private static List<String> command(Manifest manifest) {
    List<String> command = new ArrayList<>();
    // Its own session: the instance must not get the server's terminal signals (Ctrl-C).
    SETSID.ifPresent(setsid -> command.add(setsid.toString()));
    command.addAll(manifest.command());
    return command;
  }

  private static void environment(Map<String, String> env, Launch launch, int port) {
    Map<String, String> inherited = System.getenv();
    env.clear();
    for (String name : PASSED_THROUGH) {
      if (inherited.containsKey(name)) {
        env.put(name, inherited.get(name));
      }
    }
    env.putAll(launch.manifest().env());
    env.put("PORT", Integer.toString(port));
    env.put(launch.manifest().portVariable(), Integer.toString(port));
    env.put("CONVEYOR_INSTANCE", launch.instance().value());
    env.put("CONVEYOR_SERVICE", launch.fleet().service().value());
    env.put("CONVEYOR_ENVIRONMENT", launch.fleet().environment().value());
  }

  private static String describe(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replace("Cannot run program", "cannot run");
  }

  @Override
  public void awaitReady(InstanceId instance) {
    Tracked t = tracked.get(instance);
    if (t == null) {
      throw new InstanceFailedException(instance, "instance " + instance + " is not running here");
    }
    long deadline = System.nanoTime() + t.readinessTimeout.toNanos();
    String last = "no check yet";
    while (System.nanoTime() < deadline) {
      if (!t.handle.isAlive()) {
        String exit = t.exit();
        stop(instance, Duration.ZERO);
        throw new InstanceFailedException(
            instance,
            "instance "
                + instance
                + " exited"
                + (exit.isEmpty() ? "" : " " + exit)
                + " before it was ready"
                + tail(t));
      }
      ReadinessProbe.Outcome outcome = probe.check(t.record.endpoint(), t.record.readinessPath());
      if (outcome.ready()) {
        t.ready = true;
        return;
      }
      last = outcome.detail();
      try {
        Thread.sleep(100); // a poll interval against a real process, not a wait for a guess
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop(instance, Duration.ZERO);
        throw new InstanceFailedException(
            instance, "interrupted while waiting for instance " + instance, e);
      }
    }
    String logTail = tail(t);
    stop(instance, Duration.ofSeconds(2));
    throw new InstanceFailedException(
        instance,
        "instance "
            + instance
            + " did not become ready within "
            + human(t.readinessTimeout)
            + " (last check: "
            + last
            + ")"
            + logTail);
  }

  private String tail(Tracked t) {
    List<String> lines = t.log.tail(settings.logTailLines());
    if (lines.isEmpty()) {
      return "; its log is empty";
    }
    return "; last " + lines.size() + " lines of its log:\n  " + String.join("\n  ", lines);
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  // ---- stopping ----

  @Override
  public Stopped stop(InstanceId instance, Duration grace) {
    Tracked t = tracked.get(instance);
    if (t == null) {
      ProcessRecord orphan = found.remove(instance);
      if (orphan == null) {
        return new Stopped(instance, "was not running");
      }
      Optional<ProcessHandle> handle = sameProcess(orphan);
      if (handle.isEmpty()) {
        cleanUp(settings.root().resolve(instance.value()));
        return new Stopped(instance, "was not running");
      }
      Path dir = settings.root().resolve(instance.value());
      t =
          new Tracked(
              orphan,
              handle.get(),
              null,
              new CappedLog(dir.resolve("log"), settings.logCapBytes()),
              dir,
              Duration.ZERO);
      tracked.put(instance, t);
    }
    t.stopping = true;
    String how = terminate(t, grace);
    tracked.remove(instance);
    cleanUp(t.dir);
    return new Stopped(instance, how);
  }

  /** SIGTERM, a grace period, then SIGKILL for the process and whatever it started. */
  private static String terminate(Tracked t, Duration grace) {
    if (!t.handle.isAlive()) {
      String exit = t.exit();
      return "had already exited" + (exit.isEmpty() ? "" : " " + exit);
    }
    List<ProcessHandle> descendants = t.handle.descendants().toList();
    long started = System.nanoTime();
    String how;
    if (!grace.isZero() && t.handle.destroy() && waitFor(t.handle, grace)) {
      String exit = t.exit();
      how =
          "exited"
              + (exit.isEmpty() ? "" : " " + exit)
              + " "
              + millis(started)
              + " ms after SIGTERM";
    } else {
      t.handle.destroyForcibly();
      waitFor(t.handle, Duration.ofSeconds(5));
      how =
          grace.isZero()
              ? "killed (SIGKILL)"
              : "did not exit within " + human(grace) + " of SIGTERM; killed (SIGKILL)";
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    return how;
  }

  private static boolean waitFor(ProcessHandle handle, Duration timeout) {
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    }
  }

  private static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** After an instance ends: its record and unpacked app go; its log stays for post-mortems. */
  private static void cleanUp(Path dir) {
    try {
      ProcessRecord.remove(dir);
      deleteQuietly(dir.resolve("app"));
    } catch (IOException e) {
      LOG.warn("could not clean up {}: {}", dir, e.getMessage());
    }
  }

  // ---- watching ----

  @Override
  public void watch(Watcher watcher) {
    this.watcher = watcher;
  }

  private void exited(Tracked t) {
    // Before it is ready, awaitReady reports an exit to its caller; the watcher hears of the rest.
    if (t.stopping || t.reported || !t.ready) {
      return;
    }
    t.reported = true;
    List<String> last = t.log.tail(3);
    report(
        t,
        "process exited"
            + (t.exit().isEmpty() ? "" : " " + t.exit())
            + (last.isEmpty() ? "" : "; last log lines: " + String.join(" | ", last)));
  }

  private void tick() {
    for (Tracked t : tracked.values()) {
      try {
        t.log.enforceCap();
        if (!t.ready || t.stopping || t.reported) {
          continue;
        }
        if (!t.handle.isAlive()) {
          exited(t);
          continue;
        }
        ReadinessProbe.Outcome outcome = probe.check(t.record.endpoint(), t.record.readinessPath());
        if (outcome.ready()) {
          t.failedChecks = 0;
        } else if (++t.failedChecks >= settings.healthFailures()) {
          t.reported = true;
          report(
              t,
              "failed "
                  + t.failedChecks
                  + " health checks in a row (last: "
                  + outcome.detail()
                  + ")");
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("watching instance {} failed: {}", t.record.instance(), e.toString());
      }
    }
  }

  private void report(Tracked t, String reason) {
    // Guarded: a watcher that throws must not stop the watching of the other instances.
    try {
      watcher.failed(t.record.instance(), reason);
    } catch (RuntimeException e) {
      LOG.error("the watcher failed on instance {}: {}", t.record.instance(), reason, e);
    }
  }

  // ---- restarts ----

  @Override
  public List<Running> running() {
    List<Running> all = new ArrayList<>();
    for (Tracked t : tracked.values()) {
      if (t.handle.isAlive() && !t.stopping) {
        all.add(running(t.record));
      }
    }
    for (ProcessRecord record : found.values()) {
      all.add(running(record));
    }
    all.sort(Comparator.comparing(Running::instance));
    return all;
  }

  private static Running running(ProcessRecord record) {
    return new Running(record.instance(), record.fleet(), record.endpoint(), record.runtime());
  }

  @Override
  public boolean adopt(Running instance) {
    ProcessRecord record = found.remove(instance.instance());
    if (record == null) {
      return tracked.containsKey(instance.instance());
    }
    Optional<ProcessHandle> handle = sameProcess(record);
    Path dir = settings.root().resolve(record.instance().value());
    if (handle.isEmpty()) {
      cleanUp(dir);
      return false;
    }
    // Adopted instances were ready when the server went down; the first health checks tell.
    Tracked t =
        new Tracked(
            record,
            handle.get(),
            null,
            new CappedLog(dir.resolve("log"), settings.logCapBytes()),
            dir,
            Duration.ZERO);
    t.ready = true;
    tracked.put(record.instance(), t);
    handle.get().onExit().thenRun(() -> exited(t));
    return true;
  }

  /** The live process a record names, if the pid still belongs to the process that was started. */
  private static Optional<ProcessHandle> sameProcess(ProcessRecord record) {
    return ProcessHandle.of(record.pid())
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant().map(record.processStart()::equals).orElse(false));
  }

  /**
   * Finds what a previous server left: live, recorded instances wait for {@link #adopt}; dead ones
   * are cleaned up; live processes under the root that no record names are stopped.
   */
  private void scanRoot() {
    List<Path> dirs;
    try (Stream<Path> list = Files.list(settings.root())) {
      dirs = list.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the instances directory " + settings.root(), e);
    }
    for (Path dir : dirs) {
      Optional<ProcessRecord> record = ProcessRecord.read(dir);
      if (record.isPresent() && sameProcess(record.get()).isPresent()) {
        found.put(record.get().instance(), record.get());
      } else {
        cleanUp(dir);
      }
    }
    stopUnrecorded();
  }

  /** Stops live processes whose working directory is under the root but that no record names. */
  private void stopUnrecorded() {
    Path root = settings.root().toAbsolutePath().normalize();
    java.util.Set<Long> known = new java.util.HashSet<>();
    for (ProcessRecord record : found.values()) {
      known.add(record.pid());
      ProcessHandle.of(record.pid())
          .ifPresent(h -> h.descendants().forEach(d -> known.add(d.pid())));
    }
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .forEach(
            p -> {
              Path cwd;
              try {
                cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
              } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return; // not ours to see (or not Linux): nothing we started
              }
              if (!cwd.startsWith(root)) {
                return;
              }
              if (!known.contains(p.pid())) {
                LOG.warn("stopping unrecorded process {} running in {}", p.pid(), cwd);
                p.destroyForcibly();
              }
            });
  }

  // ---- helpers ----

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteQuietly(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  p.toFile().setWritable(true);
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  LOG.warn("could not delete {}: {}", p, e.getMessage());
                }
              });
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", path, e.getMessage());
    }
  }

  /** Stops watching. Running instances keep running: a restarted server adopts them. */
  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
