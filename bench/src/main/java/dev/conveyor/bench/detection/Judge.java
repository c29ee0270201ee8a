package dev.conveyor.bench.detection;

/** A way of deciding a canary from its seconds of traffic; one instance judges one run. */
interface Judge {
  /** Feeds the next second; returns the decision after it (sticky once decided). */
  Decision observe(Second second);
}
