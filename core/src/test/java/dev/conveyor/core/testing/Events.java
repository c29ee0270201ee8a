package dev.conveyor.core.testing;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Provenance;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactRegistered;
import dev.conveyor.core.event.ArtifactScored;
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
import dev.conveyor.core.score.GateOutcome;
import dev.conveyor.core.score.Measure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Small factories for events in tests: real domain records, with readable defaults. */
public final class Events {
  public static final Actor ALICE = Actor.of("alice");
  public static final FleetKey CHECKOUT_PROD = FleetKey.of("checkout", "production");

  private Events() {}

  /** A deterministic artifact id derived from {@code label}. */
  public static ArtifactId artifactId(String label) {
    try {
      return ArtifactId.ofDigest(
          MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ArtifactRegistered registered(String service, String version) {
    return new ArtifactRegistered(
        artifactId(service + ":" + version),
        ServiceName.of(service),
        version,
        1234,
        new Provenance("3f2a9c1", "bob@example.com", null));
  }

  /** A dev scoring of {@code service:version}: tests vetoing or not, coverage, a reason. */
  public static ArtifactScored scored(String service, String version, boolean passed) {
    return new ArtifactScored(
        artifactId(service + ":" + version),
        ServiceName.of(service),
        EnvironmentName.DEV,
        List.of(
            new Measure(
                "tests",
                passed ? 100 : 50,
                3,
                OptionalDouble.of(100),
                passed ? "2 of 2 tests passed" : "1 of 2 tests passed"),
            Measure.of("coverage", 92.5, 1, "69.38% of lines covered (111 of 160)")),
        passed ? 98.13 : 60.63,
        80,
        passed ? GateOutcome.GO : GateOutcome.NO_GO,
        List.of(passed ? "The risk score 98.13 clears the dev threshold of 80." : "It failed."),
        Map.of("TEST-a.xml", "a".repeat(64)));
  }

  public static InstanceLaunched launched(String instance, FleetKey fleet, String version) {
    return new InstanceLaunched(
        InstanceId.of(instance), fleet, artifactId(fleet.service() + ":" + version));
  }

  public static dev.conveyor.core.event.InstanceStarted started(
      String instance, FleetKey fleet, int port) {
    return new dev.conveyor.core.event.InstanceStarted(
        InstanceId.of(instance),
        fleet,
        dev.conveyor.core.instance.Endpoint.of("127.0.0.1", port),
        "pid " + port);
  }

  public static InstanceChanged changed(
      String instance, FleetKey fleet, ActivationState from, ActivationState to, int weight) {
    return new InstanceChanged(InstanceId.of(instance), fleet, from, to, weight, "test");
  }

  public static EventDraft draft(Event event) {
    return new EventDraft(ALICE, Causation.command("test"), event);
  }

  public static List<EventDraft> drafts(Event... events) {
    return java.util.Arrays.stream(events).map(Events::draft).toList();
  }
}
