package dev.conveyor.bench.detection;

/**
 * What the example shop's versions do to a canary, per request, as their {@code shop.properties}
 * model them, for the predictions printed beside the live runs.
 *
 * @param version v2, v3 or v4
 * @param rate requests per second through the router
 * @param share the candidate's share of them
 * @param candidateErrors the candidate's 5xx per request
 * @param baselineErrors v1's 5xx per request (none)
 * @param candidateSlow the candidate's share of requests slower than v1's p99
 * @param baselineSlow v1's share of requests slower than its own p99: 1% by definition
 */
record LiveScenario(
    String version,
    double rate,
    double share,
    double candidateErrors,
    double baselineErrors,
    double candidateSlow,
    double baselineSlow) {}
