package dev.conveyor.server.load;

import java.time.Duration;

/**
 * How a load run is going, reported about once a second while it runs.
 *
 * @param errors transport failures and 5xx responses so far
 * @param currentRate requests sent per second since the previous report
 * @param p99 the 99th percentile latency so far, from intended send times
 */
public record LoadProgress(
    Duration elapsed, long sent, long completed, long errors, double currentRate, Duration p99) {}
