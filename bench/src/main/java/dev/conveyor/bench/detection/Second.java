package dev.conveyor.bench.detection;

/**
 * One simulated second of a canary: the requests each side served, its errors among them, and (for
 * the live predictions) its slow requests, those above the latency judge's threshold.
 */
record Second(
    long candidateRequests,
    long baselineRequests,
    long candidateErrors,
    long baselineErrors,
    long candidateSlow,
    long baselineSlow) {

  /** A second without slow requests: the error-only streams of the main simulation. */
  Second(long candidateRequests, long baselineRequests, long candidateErrors, long baselineErrors) {
    this(candidateRequests, baselineRequests, candidateErrors, baselineErrors, 0, 0);
  }

  /** The candidate's share of this second's requests; NaN when nobody was served. */
  double candidateShare() {
    long total = candidateRequests + baselineRequests;
    return total == 0 ? Double.NaN : (double) candidateRequests / total;
  }
}
