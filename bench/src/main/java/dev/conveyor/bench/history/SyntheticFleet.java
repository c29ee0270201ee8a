package dev.conveyor.bench.history;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Provenance;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactRegistered;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.event.InstanceChanged;
import dev.conveyor.core.event.InstanceLaunched;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.InstanceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An endless, legal stream of events from a simulated estate: services with a staging and a
 * production fleet (1–3 and 3–10 instances), going through rolling deployments with canaries and
 * traffic shifts, failed rollouts, crashes and replacements, scaling, shadow trials, maintenance
 * and weight tweaks. It keeps its own model of every fleet, so that each event it produces obeys
 * {@link ActivationState}'s transition table and the rules {@code History} checks; the same seed
 * gives the same stream.
 */
final class SyntheticFleet {
  private static final String[] NOUNS = {
    "checkout",
    "payments",
    "search",
    "catalog",
    "cart",
    "orders",
    "billing",
    "invoices",
    "users",
    "accounts",
    "auth",
    "sessions",
    "inventory",
    "pricing",
    "shipping",
    "tracking",
    "reviews",
    "ratings",
    "recommend",
    "notify",
    "email",
    "sms",
    "ledger",
    "refunds",
    "coupons",
    "loyalty",
    "media",
    "images",
    "thumbnails",
    "uploads",
    "reports",
    "metrics",
    "audit",
    "gateway",
    "profile"
  };
  private static final String[] SUFFIXES = {"api", "worker", "web", "sync", "feed", "jobs"};
  private static final String[] PEOPLE = {"alice", "bob", "carol", "dmitri", "erin", "farid"};
  private static final Actor DEPLOY_BOT = Actor.of("deploy-bot");
  private static final EnvironmentName STAGING = EnvironmentName.STAGING;
  private static final EnvironmentName PRODUCTION = EnvironmentName.PRODUCTION;

  private final SplittableRandom random;
  private final List<Service> services = new ArrayList<>();
  private final List<Fleet> fleets = new ArrayList<>();
  private final ArrayDeque<EventDraft> pending = new ArrayDeque<>();
  private final Set<InstanceId> usedIds = new HashSet<>();
  private final MessageDigest sha256;
  private final HexFormat hex = HexFormat.of();
  private long deployments;

  private static final class Service {
    final ServiceName name;
    int minor;
    ArtifactId latest;

    Service(ServiceName name) {
      this.name = name;
    }
  }

  private static final class Fleet {
    final Service service;
    final FleetKey key;
    final int min;
    final int max;
    ArtifactId artifact;
    final List<Member> members = new ArrayList<>();

    Fleet(Service service, EnvironmentName environment, int min, int max) {
      this.service = service;
      this.key = new FleetKey(service.name, environment);
      this.min = min;
      this.max = max;
    }

    List<Member> active() {
      return members.stream().filter(m -> m.state == ActivationState.ACTIVE).toList();
    }
  }

  private static final class Member {
    final InstanceId id;
    ActivationState state = ActivationState.STARTING;
    int weight;

    Member(InstanceId id) {
      this.id = id;
    }
  }

  SyntheticFleet(long seed, int serviceCount) {
    this.random = new SplittableRandom(seed);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
    Set<String> names = new HashSet<>();
    while (services.size() < serviceCount) {
      String name =
          NOUNS[random.nextInt(NOUNS.length)] + "-" + SUFFIXES[random.nextInt(SUFFIXES.length)];
      if (!names.add(name)) {
        name = name + "-" + names.size();
        names.add(name);
      }
      services.add(new Service(ServiceName.of(name)));
    }
    for (Service service : services) {
      register(service, Actor.of(person()), Causation.command(requestId()));
      bootstrap(new Fleet(service, STAGING, 1, 3), 1 + random.nextInt(3));
      bootstrap(new Fleet(service, PRODUCTION, 3, 10), 3 + random.nextInt(8));
    }
  }

  /** The next event of the stream. */
  EventDraft next() {
    while (pending.isEmpty()) {
      act();
    }
    return pending.poll();
  }

  /** The next {@code count} events of the stream. */
  List<EventDraft> next(int count) {
    List<EventDraft> drafts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      drafts.add(next());
    }
    return drafts;
  }

  long deployments() {
    return deployments;
  }

  int fleets() {
    return fleets.size();
  }

  // ---- what happens in the estate ----

  private void act() {
    Fleet fleet = fleets.get(random.nextInt(fleets.size()));
    int roll = random.nextInt(100);
    if (roll < 6) {
      deploy(fleet);
    } else if (roll < 10) {
      crashAndReplace(fleet);
    } else if (roll < 17) {
      scale(fleet);
    } else if (roll < 20) {
      shadowTrial(fleet);
    } else if (roll < 24) {
      maintenance(fleet);
    } else {
      tweakWeight(fleet);
    }
  }

  private void bootstrap(Fleet fleet, int size) {
    fleets.add(fleet);
    fleet.artifact = fleet.service.latest;
    Causation cause = Causation.command(requestId());
    Actor actor = Actor.of(person());
    for (int i = 0; i < size; i++) {
      Member m = launch(fleet, fleet.artifact, actor, cause);
      ready(fleet, m, actor, cause);
      change(fleet, m, ActivationState.ACTIVE, share(size), "initial rollout", actor, cause);
    }
  }

  /**
   * A rolling deployment of the service's newest artifact (registering one first when the fleet
   * already runs it): launch a full new set, canary, shift traffic in steps, drain the old set.
   * Sometimes an instance never gets ready and the rollout is rolled back.
   */
  private void deploy(Fleet fleet) {
    deployments++;
    String deployment = "deploy-" + hex.toHexDigits(random.nextInt());
    int[] step = {1};
    Actor actor = DEPLOY_BOT;
    if (fleet.service.latest.equals(fleet.artifact)) {
      register(fleet.service, actor, Causation.step(deployment, step[0]++));
    }
    ArtifactId target = fleet.service.latest;
    String version = version(fleet.service);
    List<Member> old = new ArrayList<>(fleet.members);
    int size = Math.max(fleet.min, Math.min(fleet.max, old.size()));
    List<Member> fresh = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Causation cause = Causation.step(deployment, step[0]++);
      Member m = launch(fleet, target, actor, cause);
      fresh.add(m);
      if (random.nextInt(100) < 2) {
        change(
            fleet,
            m,
            ActivationState.FAILED,
            0,
            "readiness timeout: no successful health check within 120s",
            Actor.CONVEYOR,
            Causation.system("watchdog"));
        change(
            fleet,
            m,
            ActivationState.STOPPED,
            0,
            "reaped: process and working directory removed",
            Actor.CONVEYOR,
            Causation.system("watchdog"));
        for (Member other : fresh) {
          if (other != m) {
            change(
                fleet,
                other,
                ActivationState.STOPPED,
                0,
                "rollback of " + version + ": a sibling never became ready",
                actor,
                Causation.step(deployment, step[0]++));
          }
        }
        return;
      }
      ready(fleet, m, actor, cause);
    }
    List<Member> oldActive = old.stream().filter(m -> m.state == ActivationState.ACTIVE).toList();
    int[] percents = {5, 25, 50, 100};
    for (int percent : percents) {
      Causation cause = Causation.step(deployment, step[0]++);
      String why = "rolling out " + version + ": " + percent + "% of traffic to the new version";
      List<Member> receiving = percent == 5 ? fresh.subList(0, 1) : fresh;
      for (Member m : receiving) {
        setWeight(
            fleet,
            m,
            Math.max(1, percent * InstanceChanged.MAX_WEIGHT / 100 / receiving.size()),
            why,
            actor,
            cause);
      }
      if (percent < 100) {
        for (Member m : oldActive) {
          setWeight(
              fleet,
              m,
              Math.max(1, (100 - percent) * InstanceChanged.MAX_WEIGHT / 100 / oldActive.size()),
              why,
              actor,
              cause);
        }
      }
    }
    Causation drain = Causation.step(deployment, step[0]++);
    for (Member m : old) {
      retire(fleet, m, "replaced by " + version + " (" + deployment + ")", actor, drain);
    }
    fleet.artifact = target;
  }

  /** An active instance crashes; the watchdog reaps it and a replacement takes its traffic. */
  private void crashAndReplace(Fleet fleet) {
    List<Member> active = fleet.active();
    if (active.isEmpty()) {
      tweakWeight(fleet);
      return;
    }
    Member victim = active.get(random.nextInt(active.size()));
    int weight = victim.weight;
    Causation watchdog = Causation.system("watchdog");
    change(
        fleet,
        victim,
        ActivationState.FAILED,
        0,
        "crashed: process exited with code 137 (killed: out of memory)",
        Actor.CONVEYOR,
        watchdog);
    change(
        fleet,
        victim,
        ActivationState.STOPPED,
        0,
        "reaped: process and working directory removed",
        Actor.CONVEYOR,
        watchdog);
    Causation controller = Causation.system("controller");
    Member replacement = launch(fleet, fleet.artifact, Actor.CONVEYOR, controller);
    ready(fleet, replacement, Actor.CONVEYOR, controller);
    change(
        fleet,
        replacement,
        ActivationState.ACTIVE,
        weight,
        "replaces " + victim.id + ", which crashed",
        Actor.CONVEYOR,
        controller);
  }

  /** One instance more (up to the fleet's maximum) or one fewer (down to its minimum). */
  private void scale(Fleet fleet) {
    Actor actor = Actor.of(person());
    Causation cause = Causation.command(requestId());
    List<Member> active = fleet.active();
    boolean out = fleet.members.size() < fleet.max && (random.nextBoolean() || active.size() <= 1);
    if (out) {
      Member m = launch(fleet, fleet.artifact, actor, cause);
      ready(fleet, m, actor, cause);
      change(
          fleet,
          m,
          ActivationState.ACTIVE,
          share(active.size() + 1),
          "scale out to " + fleet.members.size() + " instances: p95 latency above 250ms",
          actor,
          cause);
    } else if (fleet.members.size() > fleet.min && !active.isEmpty()) {
      retire(
          fleet,
          active.get(random.nextInt(active.size())),
          "scale in to " + (fleet.members.size() - 1) + " instances: load below 30% for 1h",
          actor,
          cause);
    } else {
      tweakWeight(fleet);
    }
  }

  /** A new build is tried in shadow beside the fleet, compared, and stopped. */
  private void shadowTrial(Fleet fleet) {
    Actor actor = Actor.of(person());
    Causation cause = Causation.command(requestId());
    Member m = launch(fleet, fleet.service.latest, actor, cause);
    ready(fleet, m, actor, cause);
    change(
        fleet,
        m,
        ActivationState.SHADOW,
        0,
        "shadow trial: mirroring production traffic, answers compared",
        actor,
        cause);
    change(
        fleet,
        m,
        ActivationState.STOPPED,
        0,
        "shadow trial over: " + random.nextInt(20_000) + " requests compared, 0 differences",
        actor,
        cause);
  }

  /** An active instance is taken out of rotation for maintenance and put back. */
  private void maintenance(Fleet fleet) {
    List<Member> active = fleet.active();
    if (active.size() < 2) {
      tweakWeight(fleet);
      return;
    }
    Member m = active.get(random.nextInt(active.size()));
    int weight = m.weight;
    Actor actor = Actor.of(person());
    Causation cause = Causation.command(requestId());
    change(
        fleet,
        m,
        ActivationState.STANDBY,
        0,
        "out of rotation for maintenance: rotating TLS certificates",
        actor,
        cause);
    change(
        fleet,
        m,
        ActivationState.ACTIVE,
        weight,
        "back in rotation after maintenance",
        actor,
        cause);
  }

  /** The controller rebalances traffic: one active instance gets a new weight. */
  private void tweakWeight(Fleet fleet) {
    List<Member> active = fleet.active();
    if (active.isEmpty()) {
      return;
    }
    Member m = active.get(random.nextInt(active.size()));
    int weight = 1 + random.nextInt(InstanceChanged.MAX_WEIGHT);
    if (weight == m.weight) {
      weight = weight == 1 ? 2 : weight - 1;
    }
    setWeight(
        fleet,
        m,
        weight,
        "rebalance: error rate "
            + String.format(Locale.ROOT, "%.2f", random.nextDouble() * 2)
            + "% against a fleet mean of 0.40%",
        Actor.CONVEYOR,
        Causation.system("controller"));
  }

  // ---- single events, keeping the model in step ----

  private void register(Service service, Actor actor, Causation cause) {
    service.minor++;
    String version = version(service);
    byte[] digest = sha256.digest((service.name + ":" + version).getBytes(StandardCharsets.UTF_8));
    service.latest = ArtifactId.ofDigest(digest);
    emit(
        actor,
        cause,
        new ArtifactRegistered(
            service.latest,
            service.name,
            version,
            20_000_000 + random.nextInt(80_000_000),
            new Provenance(
                hex.toHexDigits(random.nextInt()).substring(1),
                PEOPLE[random.nextInt(PEOPLE.length)] + "@example.com",
                null)));
  }

  private Member launch(Fleet fleet, ArtifactId artifact, Actor actor, Causation cause) {
    InstanceId id;
    do {
      id = InstanceId.next(fleet.key.service(), random);
    } while (!usedIds.add(id));
    Member m = new Member(id);
    fleet.members.add(m);
    emit(actor, cause, new InstanceLaunched(id, fleet.key, artifact));
    return m;
  }

  private void ready(Fleet fleet, Member m, Actor actor, Causation cause) {
    change(
        fleet,
        m,
        ActivationState.STANDBY,
        0,
        "ready: health check passed after " + (2 + random.nextInt(40)) + "s",
        actor,
        cause);
  }

  /** Gives {@code m} weight {@code weight}, activating it if needed; nothing if it already has. */
  private void setWeight(
      Fleet fleet, Member m, int weight, String reason, Actor actor, Causation cause) {
    if (m.state == ActivationState.ACTIVE && m.weight == weight) {
      return;
    }
    change(fleet, m, ActivationState.ACTIVE, weight, reason, actor, cause);
  }

  /** Stops {@code m} the way its state requires: draining first if it may have served clients. */
  private void retire(Fleet fleet, Member m, String reason, Actor actor, Causation cause) {
    if (m.state == ActivationState.ACTIVE) {
      change(fleet, m, ActivationState.DRAINING, 0, "draining: " + reason, actor, cause);
    }
    change(fleet, m, ActivationState.STOPPED, 0, "stopped: " + reason, actor, cause);
  }

  private void change(
      Fleet fleet,
      Member m,
      ActivationState to,
      int weight,
      String reason,
      Actor actor,
      Causation cause) {
    if (!m.state.canChangeTo(to)) {
      throw new IllegalStateException(
          "synthetic fleet bug: " + m.id + " cannot change from " + m.state + " to " + to);
    }
    emit(actor, cause, new InstanceChanged(m.id, fleet.key, m.state, to, weight, reason));
    m.state = to;
    m.weight = weight;
    if (to == ActivationState.STOPPED) {
      fleet.members.remove(m);
    }
  }

  private void emit(Actor actor, Causation cause, Event event) {
    pending.add(new EventDraft(actor, cause, event));
  }

  private static int share(int members) {
    return Math.max(1, InstanceChanged.MAX_WEIGHT / Math.max(1, members));
  }

  private static String version(Service service) {
    return "1." + service.minor + ".0";
  }

  private String person() {
    return PEOPLE[random.nextInt(PEOPLE.length)];
  }

  private String requestId() {
    return "req-" + hex.toHexDigits(random.nextLong());
  }
}
