package dev.conveyor.bench.detection;

/** One simulated second of a canary: the requests each side served and its errors among them. */
record Second(
    long candidateRequests, long baselineRequests, long candidateErrors, long baselineErrors) {

  /** The candidate's share of this second's requests; NaN when nobody was served. */
  double candidateShare() {
    long total = candidateRequests + baselineRequests;
    return total == 0 ? Double.NaN : (double) candidateRequests / total;
  }
}
