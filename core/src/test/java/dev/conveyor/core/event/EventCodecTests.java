package dev.conveyor.core.event;

import static dev.conveyor.core.testing.Events.CHECKOUT_PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.Provenance;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.instance.ActivationState;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.testing.Events;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCodecTests {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00.5Z");

  @Test
  void encode_isTheDocumentedCanonicalForm() {
    String payload =
        EventCodec.encode(
            7,
            T,
            Actor.of("alice"),
            Causation.command("req-1"),
            new InstanceChanged(
                InstanceId.of("checkout-a1"),
                CHECKOUT_PROD,
                ActivationState.STANDBY,
                ActivationState.ACTIVE,
                500,
                "canary at 5%"));
    assertThat(payload)
        .isEqualTo(
            "{\"actor\":\"alice\",\"causation\":{\"id\":\"req-1\",\"kind\":\"command\"},"
                + "\"event\":{\"environment\":\"production\",\"from\":\"standby\","
                + "\"instance\":\"checkout-a1\",\"reason\":\"canary at 5%\",\"service\":\"checkout\","
                + "\"to\":\"active\",\"type\":\"instance_changed\",\"weight\":500},"
                + "\"seq\":7,\"time\":\"2026-11-22T10:00:00.500Z\"}");
  }

  @Test
  void everyEventType_roundTrips() {
    List<Event> events =
        List.of(
            Events.registered("checkout", "v1"),
            new ArtifactRegistered(
                Events.artifactId("x"), ServiceName.of("cart"), "2.0", 0, Provenance.NONE),
            new ArtifactRegistered(
                Events.artifactId("y"),
                ServiceName.of("cart"),
                "2.1",
                9,
                new Provenance(null, null, Instant.parse("2026-01-02T03:04:05Z"))),
            Events.launched("checkout-a1", CHECKOUT_PROD, "v1"),
            Events.scored("checkout", "v1", true),
            Events.scored("checkout", "v1", false),
            new FleetExposed(CHECKOUT_PROD, 8100),
            new InstanceStarted(
                InstanceId.of("checkout-a1"),
                CHECKOUT_PROD,
                dev.conveyor.core.instance.Endpoint.of("127.0.0.1", 41234),
                "pid 4242 started 2026-11-22T10:00:01Z"),
            Events.changed(
                "checkout-a1", CHECKOUT_PROD, ActivationState.ACTIVE, ActivationState.ACTIVE, 1));
    long seq = 1;
    for (Event event : events) {
      Causation causation = Causation.step("dep-3", 2);
      String payload = EventCodec.encode(seq, T, Actor.CONVEYOR, causation, event);
      StoredEvent stored = new StoredEvent(seq, payload, HashChain.GENESIS, "h");
      assertThat(EventCodec.decode(stored))
          .isEqualTo(
              new RecordedEvent(seq, T, Actor.CONVEYOR, causation, event, HashChain.GENESIS, "h"));
      seq++;
    }
  }

  @Test
  void deploymentStarted_writesAnOverrideOnlyWhenThereIsOne_soOlderEventsEncodeAsBefore() {
    String plan = "{\"steps\":[]}";
    var plain =
        new DeploymentStarted(
            dev.conveyor.core.deploy.DeploymentId.of("checkout-2"),
            CHECKOUT_PROD,
            Events.artifactId("v2"),
            "canary",
            dev.conveyor.core.deploy.DeploymentKind.DEPLOY,
            null,
            3,
            plan);
    assertThat(EventCodec.encodeBody(plain)).doesNotContain("override");
    var fix =
        new DeploymentStarted(
            plain.deployment(),
            plain.fleet(),
            plain.artifact(),
            plain.strategy(),
            plain.kind(),
            null,
            3,
            plan,
            "hotfix for INC-42");
    assertThat(EventCodec.encodeBody(fix)).contains("\"override\":\"hotfix for INC-42\"");
    for (Event event : List.of(plain, fix)) {
      String payload = EventCodec.encode(1, T, Actor.CONVEYOR, Causation.command("r"), event);
      assertThat(EventCodec.decode(new StoredEvent(1, payload, HashChain.GENESIS, "h")).event())
          .isEqualTo(event);
    }
  }

  @Test
  void artifactScored_isEncodedWithItsMeasuresAndReasons() {
    ArtifactScored scored = Events.scored("checkout", "v1", false);
    assertThat(EventCodec.encodeBody(scored))
        .isEqualTo(
            "{\"artifact\":\""
                + scored.artifact().value()
                + "\",\"environment\":\"dev\",\"evidence\":{\"TEST-a.xml\":\""
                + "a".repeat(64)
                + "\"},\"measures\":["
                + "{\"evidence\":\"1 of 2 tests passed\",\"name\":\"tests\",\"score\":50,"
                + "\"vetoFloor\":100,\"weight\":3},"
                + "{\"evidence\":\"69.38% of lines covered (111 of 160)\",\"name\":\"coverage\","
                + "\"score\":92.5,\"weight\":1}],"
                + "\"outcome\":\"no_go\",\"passed\":false,\"reasons\":[\"It failed.\"],\"score\":60.63,"
                + "\"service\":\"checkout\",\"threshold\":80,\"type\":\"artifact_scored\"}");
    assertThat(EventCodec.decodeBody(EventCodec.encodeBody(scored))).isEqualTo(scored);
  }

  @Test
  void artifactScored_summary_isOneLine() {
    ArtifactScored scored = Events.scored("checkout", "v1", true);
    assertThat(EventSummary.of(scored))
        .isEqualTo(
            "artifact "
                + scored.artifact().shortForm()
                + " of checkout scored 98.13 for dev: gate passed at threshold 80");
  }

  @Test
  void decode_unknownType_namesTheEvent() {
    String payload =
        "{\"actor\":\"a\",\"causation\":{\"id\":\"x\",\"kind\":\"command\"},"
            + "\"event\":{\"type\":\"instance_teleported\"},\"seq\":3,\"time\":\"2026-11-22T10:00:00Z\"}";
    assertThatThrownBy(() -> EventCodec.decode(new StoredEvent(3, payload, "p", "h")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("event 3 has an invalid payload: unknown event type 'instance_teleported'");
  }

  @Test
  void decode_garbage_saysUnreadable() {
    assertThatThrownBy(() -> EventCodec.decode(new StoredEvent(4, "{\"seq\":", "p", "h")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "event 4 has an unreadable payload: invalid JSON at offset 7: unexpected end of input");
  }

  @Test
  void instanceChanged_weightRules() {
    assertThatThrownBy(
            () ->
                Events.changed(
                    "checkout-a1",
                    CHECKOUT_PROD,
                    ActivationState.STANDBY,
                    ActivationState.ACTIVE,
                    0))
        .hasMessage(
            "instance checkout-a1: an active weight must be 1 to 10000 basis points, got 0");
    assertThatThrownBy(
            () ->
                Events.changed(
                    "checkout-a1",
                    CHECKOUT_PROD,
                    ActivationState.ACTIVE,
                    ActivationState.STANDBY,
                    5))
        .hasMessage(
            "instance checkout-a1: only an active instance has a weight, got 5 for standby");
  }
}
