package dev.conveyor.server.router;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every connection of one router shares: settings, meters, shadow comparisons, loops. */
final class RouterContext {
  private static final Logger log = LoggerFactory.getLogger(RouterContext.class);

  final RouterSettings settings;
  final TrafficMeters meters;
  final ShadowComparisons shadows;
  final long responseTimeoutNanos;
  final long shadowTimeoutNanos;
  final long clientIdleTimeoutNanos;
  final HttpDecoderConfig clientDecoder;
  private final Map<EventLoop, LoopContext> loops;
  private final AtomicLong observerFailures = new AtomicLong();

  RouterContext(
      RouterSettings settings,
      TrafficMeters meters,
      ShadowComparisons shadows,
      Map<EventLoop, LoopContext> loops) {
    this.settings = settings;
    this.meters = meters;
    this.shadows = shadows;
    this.loops = Map.copyOf(loops);
    this.responseTimeoutNanos = settings.responseTimeout().toNanos();
    this.shadowTimeoutNanos = settings.shadowResponseTimeout().toNanos();
    this.clientIdleTimeoutNanos = settings.clientIdleTimeout().toNanos();
    // Request line and headers: 8 KiB and 32 KiB, nginx's large_client_header_buffers default.
    this.clientDecoder =
        new HttpDecoderConfig().setMaxInitialLineLength(8 << 10).setMaxHeaderSize(32 << 10);
  }

  /** The context of the loop a channel runs on. */
  LoopContext loop(EventLoop loop) {
    LoopContext context = loops.get(loop);
    if (context == null) {
      throw new IllegalStateException("event loop " + loop + " does not belong to this router");
    }
    return context;
  }

  Collection<LoopContext> loops() {
    return loops.values();
  }

  /**
   * Logs a failure of an observer (metrics, comparisons) and carries on: a broken meter must never
   * fail a request. Logs the first failure and then every 1,000th, so a persistent fault cannot
   * flood the log.
   */
  void observerFailed(String what, RuntimeException e) {
    long n = observerFailures.incrementAndGet();
    if (n == 1 || n % 1_000 == 0) {
      log.error("router {} failed ({} failures so far); requests carry on", what, n, e);
    }
  }
}
