package dev.conveyor.bench.detection;

/** A seeded source of simulated seconds, one run's worth. */
interface Seconds {
  Second next();
}
