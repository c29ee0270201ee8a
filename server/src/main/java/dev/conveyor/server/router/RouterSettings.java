package dev.conveyor.server.router;

import dev.conveyor.core.Preconditions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * How the built-in router behaves: its timeouts, limits, shadow comparison rules, metric retention
 * and threads. Validated once, when built.
 *
 * @param connectTimeout how long an upstream connection may take to establish before the attempt
 *     counts as a connect failure (and the request tries another instance)
 * @param responseTimeout how long an instance may stay silent (before its answer starts, or between
 *     two parts of it) before the router gives up: 504 if nothing was sent to the client yet
 * @param maxConnectAttempts how many instances one request may try to connect to, the first
 *     included
 * @param maxRequestBody the largest request body the router accepts (413 above it)
 * @param shadowBodyCap requests with larger bodies are not mirrored; answers are compared on at
 *     most this many body bytes
 * @param shadowResponseTimeout how long a shadow may take to answer before it counts as failed
 * @param shadowHeaders the response headers (any case) compared between primary and shadow
 * @param shadowIgnoredFields JSON object fields (at any depth) left out of body comparison
 * @param metricRetention how long the 1-second metric buckets are kept: at least the longest
 *     verification window
 * @param maxRouteTemplates route templates per fleet before further paths count as {@code OTHER}
 * @param upstreamIdleTimeout an idle pooled upstream connection is closed after this long; keep it
 *     below the instances' own keep-alive timeout so the router never reuses a connection the
 *     instance is closing
 * @param clientIdleTimeout an idle client connection is closed after this long
 * @param eventLoopThreads I/O threads; each owns its client connections and its upstream pool
 * @param clock the time that names each 1-second bucket
 */
public record RouterSettings(
    Duration connectTimeout,
    Duration responseTimeout,
    int maxConnectAttempts,
    int maxRequestBody,
    int shadowBodyCap,
    Duration shadowResponseTimeout,
    Set<String> shadowHeaders,
    Set<String> shadowIgnoredFields,
    Duration metricRetention,
    int maxRouteTemplates,
    Duration upstreamIdleTimeout,
    Duration clientIdleTimeout,
    int eventLoopThreads,
    InstantSource clock) {

  /** 10 MiB: far above an API call's body, low enough that a stray upload cannot fill memory. */
  public static final int DEFAULT_MAX_REQUEST_BODY = 10 << 20;

  /** 64 KiB: enough for typical JSON answers; larger ones are compared on their first 64 KiB. */
  public static final int DEFAULT_SHADOW_BODY_CAP = 64 << 10;

  /**
   * 4 s: below the shortest common server keep-alive timeout (Node.js closes idle connections after
   * 5 s; nginx after 75 s; the JDK's HttpServer after 30 s).
   */
  public static final Duration DEFAULT_UPSTREAM_IDLE_TIMEOUT = Duration.ofSeconds(4);

  public RouterSettings {
    positive(connectTimeout, "connectTimeout");
    positive(responseTimeout, "responseTimeout");
    Preconditions.check(
        maxConnectAttempts >= 1 && maxConnectAttempts <= 16,
        "router setting maxConnectAttempts must be 1 to 16, got %s",
        maxConnectAttempts);
    Preconditions.check(
        maxRequestBody >= 0,
        "router setting maxRequestBody must not be negative, got %s",
        maxRequestBody);
    Preconditions.check(
        shadowBodyCap >= 0 && shadowBodyCap <= maxRequestBody,
        "router setting shadowBodyCap must be 0 to maxRequestBody (%s), got %s",
        maxRequestBody,
        shadowBodyCap);
    positive(shadowResponseTimeout, "shadowResponseTimeout");
    Preconditions.present(shadowHeaders, "router setting shadowHeaders");
    shadowHeaders =
        shadowHeaders.stream()
            .map(h -> h.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    shadowIgnoredFields =
        Set.copyOf(
            Preconditions.present(shadowIgnoredFields, "router setting shadowIgnoredFields"));
    positive(metricRetention, "metricRetention");
    Preconditions.check(
        metricRetention.compareTo(Duration.ofDays(1)) <= 0,
        "router setting metricRetention must be at most 1 day, got %s",
        metricRetention);
    Preconditions.check(
        maxRouteTemplates >= 1 && maxRouteTemplates <= 1024,
        "router setting maxRouteTemplates must be 1 to 1024, got %s",
        maxRouteTemplates);
    positive(upstreamIdleTimeout, "upstreamIdleTimeout");
    positive(clientIdleTimeout, "clientIdleTimeout");
    Preconditions.check(
        eventLoopThreads >= 1 && eventLoopThreads <= 256,
        "router setting eventLoopThreads must be 1 to 256, got %s",
        eventLoopThreads);
    Preconditions.present(clock, "router setting clock");
  }

  /** The defaults: 1 s to connect, 30 s to answer, 15 minutes of metrics, one thread per core. */
  public static RouterSettings defaults() {
    return new RouterSettings(
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        3,
        DEFAULT_MAX_REQUEST_BODY,
        DEFAULT_SHADOW_BODY_CAP,
        Duration.ofSeconds(10),
        Set.of("content-type"),
        Set.of("timestamp", "requestId"),
        Duration.ofMinutes(15),
        64,
        DEFAULT_UPSTREAM_IDLE_TIMEOUT,
        Duration.ofSeconds(60),
        Runtime.getRuntime().availableProcessors(),
        InstantSource.system());
  }

  public RouterSettings withConnectTimeout(Duration value) {
    return edit(d -> d.connectTimeout = value);
  }

  public RouterSettings withResponseTimeout(Duration value) {
    return edit(d -> d.responseTimeout = value);
  }

  public RouterSettings withMaxRequestBody(int value) {
    return edit(
        d -> {
          d.maxRequestBody = value;
          d.shadowBodyCap = Math.min(shadowBodyCap, value);
        });
  }

  /** Shadow comparison: the body cap, how long a shadow may take, and what to compare. */
  public RouterSettings withShadow(
      int bodyCap, Duration shadowTimeout, Set<String> headers, Set<String> ignoredFields) {
    return edit(
        d -> {
          d.shadowBodyCap = bodyCap;
          d.shadowResponseTimeout = shadowTimeout;
          d.shadowHeaders = headers;
          d.shadowIgnoredFields = ignoredFields;
        });
  }

  /** Metrics: how long buckets are kept, templates per fleet, and the clock naming buckets. */
  public RouterSettings withMetrics(
      Duration retention, int maxRouteTemplates, InstantSource clock) {
    return edit(
        d -> {
          d.metricRetention = retention;
          d.maxRouteTemplates = maxRouteTemplates;
          d.clock = clock;
        });
  }

  /** How long an idle client connection stays open. */
  public RouterSettings withClientIdleTimeout(Duration value) {
    return edit(d -> d.clientIdleTimeout = value);
  }

  public RouterSettings withEventLoopThreads(int value) {
    return edit(d -> d.eventLoopThreads = value);
  }

  /** These settings with what {@code change} sets on a copy of them, validated as ever. */
  private RouterSettings edit(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.settings();
  }

  /** The one place that copies every setting: what the withers change before validation. */
  private static final class Draft {
    Duration connectTimeout;
    Duration responseTimeout;
    int maxConnectAttempts;
    int maxRequestBody;
    int shadowBodyCap;
    Duration shadowResponseTimeout;
    Set<String> shadowHeaders;
    Set<String> shadowIgnoredFields;
    Duration metricRetention;
    int maxRouteTemplates;
    Duration upstreamIdleTimeout;
    Duration clientIdleTimeout;
    int eventLoopThreads;
    InstantSource clock;

    Draft(RouterSettings s) {
      connectTimeout = s.connectTimeout;
      responseTimeout = s.responseTimeout;
      maxConnectAttempts = s.maxConnectAttempts;
      maxRequestBody = s.maxRequestBody;
      shadowBodyCap = s.shadowBodyCap;
      shadowResponseTimeout = s.shadowResponseTimeout;
      shadowHeaders = s.shadowHeaders;
      shadowIgnoredFields = s.shadowIgnoredFields;
      metricRetention = s.metricRetention;
      maxRouteTemplates = s.maxRouteTemplates;
      upstreamIdleTimeout = s.upstreamIdleTimeout;
      clientIdleTimeout = s.clientIdleTimeout;
      eventLoopThreads = s.eventLoopThreads;
      clock = s.clock;
    }

    RouterSettings settings() {
      return new RouterSettings(
          connectTimeout,
          responseTimeout,
          maxConnectAttempts,
          maxRequestBody,
          shadowBodyCap,
          shadowResponseTimeout,
          shadowHeaders,
          shadowIgnoredFields,
          metricRetention,
          maxRouteTemplates,
          upstreamIdleTimeout,
          clientIdleTimeout,
          eventLoopThreads,
          clock);
    }
  }

  private static void positive(Duration value, String key) {
    Preconditions.present(value, "router setting " + key);
    Preconditions.check(
        !value.isNegative() && !value.isZero(),
        "router setting %s must be positive, got %s",
        key,
        value);
  }
}
