package dev.conveyor.server.deploy;

import dev.conveyor.core.deploy.StepOutcome;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.metrics.MetricSource;
import dev.conveyor.core.metrics.RequestCounts;
import dev.conveyor.core.verify.Assessment;
import dev.conveyor.core.verify.Observation;
import dev.conveyor.core.verify.Reference;
import dev.conveyor.core.verify.SplitCounts;
import dev.conveyor.core.verify.Verification;
import dev.conveyor.core.verify.VerificationSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Runs verify steps on live measurements: once a second it reads the last complete second of the
 * candidate's and the baseline's traffic from the {@link MetricSource}, and feeds it to the step's
 * {@link Verification} until that decides.
 *
 * <p>In shadow mode (bifurcated verification) the "requests" are the router's comparisons of each
 * shadow's answers with the primary's, and the "errors" are the differences: the new version's
 * differences are judged against those of a second copy of the old version, which measure the
 * noise.
 */
public final class LiveVerifier implements StepVerifier {
  /** The router files a request in a 1-second bucket up to a second after it ends. */
  static final Duration LAG = Duration.ofSeconds(2);

  /**
   * How far back the baseline's latency is read to set the latency judge's threshold, before the
   * step and again before each second it judges: recent enough that the threshold follows the
   * baseline as it drifts (a busier machine, a fresh JVM warming up), so that about the quantile's
   * share of baseline requests stays slow and the judge keeps having events to compare. For a fresh
   * baseline copy the window starts no earlier than the end of the warm-up: its cold first seconds
   * would otherwise set the threshold so high that little is slow on either side.
   */
  static final Duration REFERENCE_WINDOW = Duration.ofMinutes(1);

  /** Cumulative shadow comparisons of one shadow instance: compared answers, and differing ones. */
  public record ShadowCounts(long compared, long differing) {}

  private final MetricSource metrics;
  private final BiFunction<FleetKey, InstanceId, ShadowCounts> shadows;
  private final InstantSource clock;

  public LiveVerifier(
      MetricSource metrics,
      BiFunction<FleetKey, InstanceId, ShadowCounts> shadows,
      InstantSource clock) {
    this.metrics = metrics;
    this.shadows = shadows;
    this.clock = clock;
  }

  @Override
  public Result verify(Request request) throws InterruptedException {
    VerificationSpec spec = request.spec().spec();
    Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Verification verification;
    Instant referenceFrom = Instant.MIN;
    if (request.spec().shadow()) {
      // Only the comparison of differences applies: latency and flows are the primary's.
      VerificationSpec differences =
          new VerificationSpec(
              spec.minDuration(),
              spec.maxDuration(),
              spec.minRequests(),
              spec.onInconclusive(),
              spec.errors(),
              Optional.empty(),
              Optional.empty(),
              spec.limits());
      verification = Verification.start(differences, start, Reference.NONE);
    } else {
      Reference reference = reference(request, start, spec);
      verification = Verification.start(spec, start, reference);
      // A baseline that served nothing before the step is a fresh copy, cold at first: its latency
      // counts for the threshold only from the end of the warm-up, as the candidate's does.
      if (reference.slowerThan().isEmpty()) {
        referenceFrom = start.plus(spec.latency().map(l -> l.warmup()).orElse(Duration.ZERO));
      }
    }
    Map<InstanceId, ShadowCounts> shadowBase = new TreeMap<>();
    if (request.spec().shadow()) {
      for (InstanceId id : all(request)) {
        shadowBase.put(id, shadows.apply(request.fleet(), id));
      }
    }
    Instant second = start;
    Assessment assessment = verification.assessment();
    while (!assessment.outcome().decided()) {
      Instant readable = second.plus(Duration.ofSeconds(1)).plus(LAG);
      while (clock.instant().isBefore(readable)) {
        if (request.stop().getAsBoolean()) {
          return result(
              StepOutcome.FAILED,
              "stopped after " + seconds(start, second) + "s: " + assessment.reason(),
              assessment);
        }
        Thread.sleep(
            Math.min(200, Math.max(1, Duration.between(clock.instant(), readable).toMillis())));
      }
      Observation observation =
          request.spec().shadow()
              ? shadowSecond(request, second, shadowBase)
              : liveSecond(request, second, verification, start, referenceFrom);
      assessment = verification.observe(observation);
      request.progress().accept(assessment.summary());
      second = second.plusSeconds(1);
    }
    StepOutcome outcome =
        switch (assessment.outcome()) {
          case PASS -> StepOutcome.PASSED;
          case FAIL -> StepOutcome.FAILED;
          default -> StepOutcome.INCONCLUSIVE;
        };
    return result(
        outcome,
        assessment.outcome().label()
            + " after "
            + seconds(start, second)
            + "s: "
            + assessment.reason(),
        assessment);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static long seconds(Instant start, Instant second) {
    return Duration.between(start, second).toSeconds();
  }

  private static Result result(StepOutcome outcome, String detail, Assessment assessment) {
    return new Result(outcome, detail, Json.write(assessment.toJson()));
  }

  private static List<InstanceId> all(Request request) {
    List<InstanceId> all = new ArrayList<>(request.candidates());
    all.addAll(request.baseline());
    return all;
  }

  /**
   * What the latency and flow judges compare against: the baseline's latency at the spec's quantile
   * over the last minutes (the median over its instances), and the routes the fleet serves.
   */
  private Reference reference(Request request, Instant start, VerificationSpec spec) {
    Set<String> routes = metrics.routes(request.fleet());
    Optional<Duration> slowerThan =
        spec.latency()
            .flatMap(
                l -> baselineQuantile(request, start.minus(REFERENCE_WINDOW), start, l.quantile()));
    // A baseline with no latency yet (a fresh copy of the old version, activated for this step)
    // gives its threshold once it serves: the latency judge waits for it rather than stay off.
    return new Reference(
        slowerThan,
        List.copyOf(new java.util.TreeSet<>(routes)),
        spec.latency().isPresent() && !request.baseline().isEmpty());
  }

  /**
   * The baseline's latency at {@code quantile} from {@code from} to {@code until} (the median over
   * its instances), if it served anything then.
   */
  private Optional<Duration> baselineQuantile(
      Request request, Instant from, Instant until, double quantile) {
    if (!from.isBefore(until)) {
      return Optional.empty();
    }
    List<Duration> quantiles = new ArrayList<>();
    for (InstanceId id : request.baseline()) {
      metrics.latencyQuantile(id, from, until, quantile).ifPresent(quantiles::add);
    }
    if (quantiles.isEmpty()) {
      return Optional.empty();
    }
    quantiles.sort(null);
    return Optional.of(quantiles.get(quantiles.size() / 2));
  }

  private Observation liveSecond(
      Request request,
      Instant second,
      Verification verification,
      Instant start,
      Instant referenceFrom) {
    Instant end = second.plusSeconds(1);
    RequestCounts candidate = sum(request.candidates(), second, end, null);
    RequestCounts baseline = sum(request.baseline(), second, end, null);
    SplitCounts slow = SplitCounts.ZERO;
    // The threshold follows the baseline: its quantile over the window before this second.
    request
        .spec()
        .spec()
        .latency()
        .flatMap(
            l ->
                baselineQuantile(
                    request,
                    max(second.minus(REFERENCE_WINDOW), referenceFrom),
                    second,
                    l.quantile()))
        .ifPresent(verification::moveThreshold);
    Optional<Duration> threshold = verification.slowerThan();
    if (threshold.isPresent()) {
      slow =
          SplitCounts.of(
              request.candidates().stream()
                  .mapToLong(id -> metrics.slowerThan(id, second, end, threshold.get()))
                  .sum(),
              request.baseline().stream()
                  .mapToLong(id -> metrics.slowerThan(id, second, end, threshold.get()))
                  .sum());
    }
    Map<String, SplitCounts> successes = new TreeMap<>();
    for (String route : verification.routes()) {
      RequestCounts c = sum(request.candidates(), second, end, route);
      RequestCounts b = sum(request.baseline(), second, end, route);
      successes.put(
          route, SplitCounts.of(c.ok2xx() + c.redirect3xx(), b.ok2xx() + b.redirect3xx()));
    }
    Optional<Duration> p99 = Optional.empty();
    for (InstanceId id : request.candidates()) {
      Optional<Duration> q = metrics.latencyQuantile(id, start, end, 0.99);
      if (q.isPresent() && (p99.isEmpty() || q.get().compareTo(p99.get()) > 0)) {
        p99 = q;
      }
    }
    return new Observation(second, candidate, baseline, slow, successes, p99);
  }

  private RequestCounts sum(List<InstanceId> instances, Instant from, Instant to, String route) {
    RequestCounts total = RequestCounts.ZERO;
    for (InstanceId id : instances) {
      total =
          total.plus(
              route == null ? metrics.counts(id, from, to) : metrics.counts(id, route, from, to));
    }
    return total;
  }

  /** One second of shadow comparisons, as differences over compared answers. */
  private Observation shadowSecond(
      Request request, Instant second, Map<InstanceId, ShadowCounts> last) {
    return Observation.of(
        second,
        delta(request, request.candidates(), last),
        delta(request, request.baseline(), last));
  }

  private RequestCounts delta(
      Request request, List<InstanceId> instances, Map<InstanceId, ShadowCounts> last) {
    long compared = 0;
    long differing = 0;
    for (InstanceId id : instances) {
      ShadowCounts now = shadows.apply(request.fleet(), id);
      ShadowCounts before = last.getOrDefault(id, new ShadowCounts(0, 0));
      compared += now.compared() - before.compared();
      differing += now.differing() - before.differing();
      last.put(id, now);
    }
    return new RequestCounts(compared, compared - differing, 0, 0, differing, 0, 0);
  }
}
