package dev.conveyor.bench.detection;

import java.util.SplittableRandom;

/**
 * The simulated counterpart of a live canary: Poisson arrivals, each request to the candidate with
 * probability {@code share}, and on each side independent Bernoulli errors and slow requests
 * (slower than the latency judge's threshold) at that side's rates.
 */
final class LiveStream implements Seconds {
  private final SplittableRandom arrivals;
  private final SplittableRandom events;
  private final RequestStream.Poisson candidateArrivals;
  private final RequestStream.Poisson baselineArrivals;
  private final LiveScenario scenario;

  LiveStream(SplittableRandom run, LiveScenario scenario) {
    this.arrivals = run.split();
    this.events = run.split();
    this.candidateArrivals = new RequestStream.Poisson(scenario.rate() * scenario.share());
    this.baselineArrivals = new RequestStream.Poisson(scenario.rate() * (1 - scenario.share()));
    this.scenario = scenario;
  }

  @Override
  public Second next() {
    long candidate = candidateArrivals.sample(arrivals);
    long baseline = baselineArrivals.sample(arrivals);
    return new Second(
        candidate,
        baseline,
        RequestStream.binomial(events, candidate, scenario.candidateErrors()),
        RequestStream.binomial(events, baseline, scenario.baselineErrors()),
        RequestStream.binomial(events, candidate, scenario.candidateSlow()),
        RequestStream.binomial(events, baseline, scenario.baselineSlow()));
  }
}
