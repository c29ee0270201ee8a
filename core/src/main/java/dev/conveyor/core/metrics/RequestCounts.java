package dev.conveyor.core.metrics;

/**
 * How the requests that one instance (or one route of it) handled in a window ended. Errors are the
 * 5xx answers, including the 502/503/504 the router gives on the instance's behalf (reset, refused
 * after sending, timeout). {@code connectFailures} were retried elsewhere and reached no instance.
 */
public record RequestCounts(
    long requests,
    long ok2xx,
    long redirect3xx,
    long client4xx,
    long server5xx,
    long timeouts,
    long connectFailures) {
  public static final RequestCounts ZERO = new RequestCounts(0, 0, 0, 0, 0, 0, 0);

  /** Requests that count against the instance: its 5xx answers (timeouts and resets included). */
  public long errors() {
    return server5xx;
  }

  /** Errors over requests; 0 for no requests. */
  public double errorRatio() {
    return requests == 0 ? 0 : (double) server5xx / requests;
  }

  public RequestCounts plus(RequestCounts other) {
    return new RequestCounts(
        requests + other.requests,
        ok2xx + other.ok2xx,
        redirect3xx + other.redirect3xx,
        client4xx + other.client4xx,
        server5xx + other.server5xx,
        timeouts + other.timeouts,
        connectFailures + other.connectFailures);
  }
}
