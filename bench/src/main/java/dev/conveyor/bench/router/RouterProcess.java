package dev.conveyor.bench.router;

import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.metrics.RequestCounts;
import dev.conveyor.core.traffic.RoutingTable;
import dev.conveyor.server.router.HttpRouter;
import dev.conveyor.server.router.RouterSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Conveyor's router in a JVM of its own, for the router benchmark (bench/router; not a test): one
 * fleet on one port, 100 % of its traffic to one backend, with the router's default settings except
 * the number of event loops. On exit (SIGTERM) it prints what its own metrics counted, so the run
 * can check that every request was measured.
 *
 * <pre>java -cp conveyor-bench.jar dev.conveyor.bench.router.RouterProcess PORT BACKEND_PORT LOOPS
 * </pre>
 */
public final class RouterProcess {
  static final FleetKey FLEET = FleetKey.of("bench", "production");
  static final InstanceId BACKEND = InstanceId.of("bench-000000000001");

  private RouterProcess() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: RouterProcess PORT BACKEND_PORT EVENT_LOOPS");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int backendPort = Integer.parseInt(args[1]);
    int loops = Integer.parseInt(args[2]);
    Instant started = Instant.now();
    HttpRouter router = new HttpRouter(RouterSettings.defaults().withEventLoopThreads(loops));
    int open = router.open(FLEET, port);
    router.update(
        FLEET,
        new RoutingTable(
            List.of(new RoutingTable.Target(BACKEND, Endpoint.of("127.0.0.1", backendPort), 100)),
            List.of()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  report(router, started);
                  router.close();
                  stopped.countDown();
                },
                "router-shutdown"));
    System.out.printf(
        "router ready on 127.0.0.1:%d (%s, %d event loop%s, Java %s, %d CPUs, GC %s, max heap %d MiB,"
            + " options: %s)%n",
        open,
        router.transport(),
        loops,
        loops == 1 ? "" : "s",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(" + ")),
        Runtime.getRuntime().maxMemory() >> 20,
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    System.out.flush();
    stopped.await();
  }

  /**
   * What the router's own 1-second metrics saw since it started (the last, unharvested second
   * aside), in one line the run script prints beside wrk's count.
   */
  private static void report(HttpRouter router, Instant started) {
    Instant to = Instant.now().plusSeconds(1);
    RequestCounts counts = router.counts(BACKEND, started.minusSeconds(1), to);
    Optional<Duration> p99 = router.latencyQuantile(BACKEND, started.minusSeconds(1), to, 0.99);
    long collections = 0;
    long collectionMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collections += Math.max(0, gc.getCollectionCount());
      collectionMillis += Math.max(0, gc.getCollectionTime());
    }
    System.out.printf(
        "router metrics: %d requests, %d 2xx, %d 5xx, %d connect failures; p99 %s;"
            + " GC: %d collections, %d ms in all, over %d s%n",
        counts.requests(),
        counts.ok2xx(),
        counts.server5xx(),
        counts.connectFailures(),
        p99.map(d -> String.format("%.2f ms", d.toNanos() / 1e6)).orElse("–"),
        collections,
        collectionMillis,
        Duration.between(started, Instant.now()).toSeconds());
    System.out.flush();
  }
}
