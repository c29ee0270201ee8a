package dev.conveyor.server.router;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.metrics.MetricSource;
import dev.conveyor.core.metrics.RequestCounts;
import dev.conveyor.core.traffic.RouteTemplates;
import dev.conveyor.core.traffic.RoutingTable;
import dev.conveyor.core.traffic.TrafficRouter;
import dev.conveyor.server.router.RouteSnapshot.RoutedTarget;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in router: a Netty HTTP/1.1 reverse proxy with one port per fleet on 127.0.0.1, native
 * epoll where available. It splits traffic among active instances by weight, mirrors requests to
 * shadows and compares their answers, retries only connections that could not be established, and
 * measures every instance and route in 1-second buckets.
 *
 * <p>Each event loop owns its client connections, its keep-alive upstream connections and its
 * meters, so a request never waits for a lock. A routing table is an immutable snapshot swapped in
 * one volatile write: requests already in flight finish on the instance they started on.
 */
public final class HttpRouter implements TrafficRouter, MetricSource, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);
  private static final String HOST = "127.0.0.1";

  private final RouterSettings settings;
  private final Transport transport;
  private final MultiThreadIoEventLoopGroup group;
  private final TrafficMeters meters;
  private final ShadowComparisons shadows;
  private final RouterContext context;
  private final Map<FleetKey, FleetRoute> fleets = new ConcurrentHashMap<>();
  private final ScheduledExecutorService harvester;
  private boolean closed; // guarded by this

  public HttpRouter(RouterSettings settings) {
    this.settings = Preconditions.present(settings, "router settings");
    this.transport = Transport.best();
    this.group = transport.eventLoops(settings.eventLoopThreads());
    int slots = settings.maxRouteTemplates() + 1;
    Map<EventLoop, LoopContext> loops = new HashMap<>();
    int index = 0;
    for (EventExecutor executor : group) {
      EventLoop loop = (EventLoop) executor;
      loops.put(loop, new LoopContext(index++, loop, new UpstreamPool(loop, transport, settings)));
    }
    this.meters = new TrafficMeters(settings.clock(), settings.metricRetention(), index, slots);
    this.shadows = new ShadowComparisons(settings.shadowIgnoredFields());
    this.context = new RouterContext(settings, meters, shadows, loops);
    for (LoopContext loop : context.loops()) {
      loop.loop.scheduleAtFixedRate(loop.pool::sweep, 1, 1, TimeUnit.SECONDS);
    }
    this.harvester =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "conveyor-router-meters");
              thread.setDaemon(true);
              return thread;
            });
    harvester.scheduleAtFixedRate(this::harvest, 1, 1, TimeUnit.SECONDS);
    log.info("router started: {} event loops on {}", index, transport.name());
  }

  /** The socket transport in use: {@code epoll} or {@code nio}. */
  public String transport() {
    return transport.name();
  }

  /**
   * Opens the fleet's listening port on 127.0.0.1 (0 picks a free one) and returns it; for a fleet
   * already open, returns its port.
   */
  public int open(FleetKey fleet, int port) {
    return open(fleet, port, List.of());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Opens the fleet's listening port on 127.0.0.1; a fleet exposed on another port is moved.
   */
  @Override
  public synchronized int expose(FleetKey fleet, int port) {
    Integer current = openPort(fleet);
    if (current != null && port != 0 && current != port) {
      closeFleet(fleet);
    }
    return open(fleet, port);
  }

  private Integer openPort(FleetKey fleet) {
    FleetRoute route = fleets.get(fleet);
    if (route == null || route.server == null || !route.server.isOpen()) {
      return null;
    }
    return ((InetSocketAddress) route.server.localAddress()).getPort();
  }

  /**
   * Opens the fleet's listening port, with configured route templates such as {@code
   * /products/{id}} or {@code POST /checkout}; for a fleet already open, returns its port. A fleet
   * keeps the templates it first served requests with.
   */
  public synchronized int open(FleetKey fleet, int port, List<String> routeTemplates) {
    Preconditions.present(fleet, "fleet");
    Preconditions.check(port >= 0 && port <= 65_535, "port must be 0 to 65535, got %s", port);
    Preconditions.check(!closed, "router is closed: make a new HttpRouter to open %s", fleet);
    FleetRoute route = fleet(fleet);
    if (route.server != null && route.server.isOpen()) {
      return ((InetSocketAddress) route.server.localAddress()).getPort();
    }
    if (route.templates().served().isEmpty()) { // slots already counted under keep their names
      route.templates(new RouteTemplates(routeTemplates, settings.maxRouteTemplates()));
    }
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    route.clients.add(channel);
                    channel
                        .pipeline()
                        .addLast(
                            new ServerCodec(context.clientDecoder),
                            new ClientConnection(route, context));
                  }
                })
            .bind(HOST, port)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new ConflictException(
          "router for "
              + fleet
              + " could not listen on "
              + HOST
              + ":"
              + port
              + ": "
              + bound.cause().getMessage()
              + "; choose another port, or 0 for a free one");
    }
    route.server = bound.channel();
    int open = ((InetSocketAddress) route.server.localAddress()).getPort();
    log.info("router for {} listens on {}:{}", fleet, HOST, open);
    return open;
  }

  /** Closes the fleet's port and its client connections; its table and metrics stay. */
  public synchronized void closeFleet(FleetKey fleet) {
    FleetRoute route = fleets.get(fleet);
    if (route == null) {
      return;
    }
    if (route.server != null) {
      route.server.close().awaitUninterruptibly();
      route.server = null;
    }
    route.clients.close().awaitUninterruptibly();
  }

  @Override
  public void update(FleetKey fleet, RoutingTable table) {
    Preconditions.present(fleet, "fleet");
    Preconditions.present(table, "routing table");
    FleetRoute route = fleet(fleet);
    synchronized (route) {
      RouteSnapshot before = route.snapshot;
      RouteSnapshot after = RouteSnapshot.of(table, id -> meters.route(id, fleet));
      route.snapshot = after;
      for (RoutedTarget gone : targets(before)) {
        if (!after.names(gone.id())) {
          meters.unroute(gone.traffic());
        }
      }
    }
    Set<InetSocketAddress> wanted = new HashSet<>();
    for (FleetRoute each : fleets.values()) {
      targets(each.snapshot).forEach(t -> wanted.add(t.address()));
    }
    for (LoopContext loop : context.loops()) {
      loop.loop.execute(() -> loop.pool.retainOnly(wanted));
    }
  }

  @Override
  public int inFlight(InstanceId instance) {
    InstanceTraffic traffic = meters.find(instance);
    return traffic == null ? 0 : traffic.inFlight();
  }

  @Override
  public int awaitDrained(InstanceId instance, Duration timeout) throws InterruptedException {
    Preconditions.present(timeout, "timeout");
    InstanceTraffic traffic = meters.find(instance);
    return traffic == null ? 0 : traffic.awaitDrained(timeout);
  }

  @Override
  public RequestCounts counts(InstanceId instance, Instant from, Instant to) {
    return meters.counts(instance, -1, from, to);
  }

  @Override
  public RequestCounts counts(InstanceId instance, String route, Instant from, Instant to) {
    InstanceTraffic traffic = meters.find(instance);
    if (traffic == null) {
      return RequestCounts.ZERO;
    }
    FleetRoute fleet = fleets.get(traffic.fleet);
    Optional<RouteTemplates.Route> slot =
        fleet == null ? Optional.empty() : fleet.templates().find(route);
    return slot.map(r -> meters.counts(instance, r.index(), from, to)).orElse(RequestCounts.ZERO);
  }

  @Override
  public Set<String> routes(FleetKey fleet) {
    FleetRoute route = fleets.get(fleet);
    return route == null ? Set.of() : route.templates().served();
  }

  @Override
  public Optional<Duration> latencyQuantile(
      InstanceId instance, Instant from, Instant to, double quantile) {
    return meters.latencyQuantile(instance, from, to, quantile);
  }

  @Override
  public long slowerThan(InstanceId instance, Instant from, Instant to, Duration threshold) {
    return meters.slowerThan(instance, from, to, threshold);
  }

  /**
   * The fleet's requests that reached no instance in the window: answered 503 for want of an active
   * instance, or refused as malformed (4xx). They count for the service, against no instance.
   */
  public RequestCounts unrouted(FleetKey fleet, Instant from, Instant to) {
    return meters.unroutedCounts(fleet, from, to);
  }

  /** How {@code shadow}'s answers compared with the primary's, per route, since mirroring began. */
  public ShadowStats shadowStats(FleetKey fleet, InstanceId shadow) {
    Preconditions.present(fleet, "fleet");
    return shadows.stats(shadow);
  }

  /**
   * Starts capturing a sample of the requests the fleet's port forwards, for a replay set.
   *
   * @param sample the chance that each request is kept, above 0 and at most 1
   * @param limit how many requests to keep at most, 1 to 10,000; the capture stops when full
   * @throws NotFoundException if the fleet has no open port on this router
   * @throws ConflictException if a capture is already running on the fleet
   */
  public synchronized CaptureStatus startCapture(FleetKey fleet, double sample, int limit) {
    Preconditions.present(fleet, "fleet");
    RequestCapture capture = new RequestCapture(sample, limit, settings.clock().instant());
    if (openPort(fleet) == null) {
      throw new NotFoundException(
          "fleet "
              + fleet
              + " has no port on the router, so it receives no requests to capture: expose it"
              + " first");
    }
    FleetRoute route = fleets.get(fleet);
    RequestCapture running = route.capture;
    if (running != null) {
      CaptureStatus status = running.status();
      throw new ConflictException(
          "fleet "
              + fleet
              + " is already capturing ("
              + status.requests().size()
              + " of "
              + status.limit()
              + " requests held): read it with GET, or DELETE it to start another");
    }
    route.capture = capture;
    return capture.status();
  }

  /** The fleet's running capture, if it has one. */
  public Optional<CaptureStatus> capture(FleetKey fleet) {
    FleetRoute route = fleets.get(fleet);
    RequestCapture capture = route == null ? null : route.capture;
    return capture == null ? Optional.empty() : Optional.of(capture.status());
  }

  /** Stops the fleet's capture and discards what it held; false if none was running. */
  public synchronized boolean stopCapture(FleetKey fleet) {
    FleetRoute route = fleets.get(fleet);
    if (route == null || route.capture == null) {
      return false;
    }
    route.capture = null;
    return true;
  }

  /**
   * Writes the router's metrics in the Prometheus text format 0.0.4 (served as {@link
   * PrometheusText#CONTENT_TYPE}); failures of {@code out} surface as {@link
   * java.io.UncheckedIOException}.
   */
  public void writePrometheus(Appendable out) {
    RouterExposition.write(
        new PrometheusText(out),
        meters,
        fleet -> {
          FleetRoute route = fleets.get(fleet);
          return route == null ? null : route.templates();
        },
        shadows.ledgers());
  }

  /** Stops listening, closes every connection, and stops the threads. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      for (FleetKey fleet : fleets.keySet()) {
        closeFleet(fleet);
      }
    }
    harvester.shutdownNow();
    shadows.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private FleetRoute fleet(FleetKey fleet) {
    return fleets.computeIfAbsent(
        fleet,
        key ->
            new FleetRoute(
                key,
                meters.unrouted(key),
                new RouteTemplates(List.of(), settings.maxRouteTemplates())));
  }

  private void harvest() {
    try {
      meters.harvest();
    } catch (RuntimeException e) {
      context.observerFailed("metric harvest", e);
    }
  }

  private static List<RoutedTarget> targets(RouteSnapshot snapshot) {
    List<RoutedTarget> all = new ArrayList<>(List.of(snapshot.active));
    all.addAll(List.of(snapshot.shadows));
    return all;
  }
}
