package dev.conveyor.bench.detection;

/**
 * How one judge ended one run: its decision, the second it came in (1-based) and the canary
 * requests served up to and including that second.
 */
record RunResult(Decision decision, long second, long canaryRequests) {}
