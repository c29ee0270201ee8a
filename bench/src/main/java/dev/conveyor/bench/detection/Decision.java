package dev.conveyor.bench.detection;

/** What a judge has decided about a canary so far. */
enum Decision {
  RUNNING,
  ROLLBACK,
  PROMOTE,
  /** No decision by the judge's maximum duration. */
  INCONCLUSIVE;

  boolean decided() {
    return this != RUNNING;
  }
}
