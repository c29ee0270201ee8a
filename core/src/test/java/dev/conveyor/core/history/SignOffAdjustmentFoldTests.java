package dev.conveyor.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.event.ArtifactScored;
import dev.conveyor.core.event.ArtifactSignedOff;
import dev.conveyor.core.event.Event;
import dev.conveyor.core.event.HashChain;
import dev.conveyor.core.event.RecordedEvent;
import dev.conveyor.core.event.ThresholdAdjusted;
import dev.conveyor.core.fleet.EnvironmentName;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.score.GateOutcome;
import dev.conveyor.core.score.ThresholdAdjustment;
import dev.conveyor.core.testing.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sign-offs per artifact and gate, threshold adjustments per environment: folded, snapshotted. */
class SignOffAdjustmentFoldTests {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final ServiceName CHECKOUT = ServiceName.of("checkout");
  private static final ArtifactId V1 = Events.artifactId("checkout:v1");

  private static SystemState fold(Event... events) {
    List<RecordedEvent> out = new ArrayList<>();
    HashChain.Head head = HashChain.Head.EMPTY;
    for (int i = 0; i < events.length; i++) {
      HashChain.Sealed sealed = HashChain.seal(head, Events.draft(events[i]), T0.plusSeconds(i));
      out.add(sealed.recorded());
      head = sealed.head();
    }
    return SystemState.empty().fold(out);
  }

  private static ArtifactScored staging(GateOutcome outcome) {
    return new ArtifactScored(
        V1,
        CHECKOUT,
        EnvironmentName.STAGING,
        List.of(),
        78,
        85,
        outcome,
        List.of("The risk score 78 is below the staging threshold of 85."),
        Map.of());
  }

  private static ArtifactSignedOff signOff(String approver) {
    return new ArtifactSignedOff(
        V1, CHECKOUT, EnvironmentName.STAGING, approver, "legal review LR-142 done");
  }

  @Test
  void signOff_isKeptPerGate_andANewScoringThatWaitsAgainWithdrawsIt() {
    SystemState signed =
        fold(
            Events.registered("checkout", "v1"),
            staging(GateOutcome.AWAITING_SIGNOFF),
            signOff("carol"));
    assertThat(signed.pipeline().signOff(V1, EnvironmentName.STAGING)).contains(signOff("carol"));
    assertThat(signed.pipeline().signOff(V1, EnvironmentName.PRODUCTION)).isEmpty();

    SystemState passed =
        fold(
            Events.registered("checkout", "v1"),
            staging(GateOutcome.AWAITING_SIGNOFF),
            signOff("carol"),
            staging(GateOutcome.GO));
    assertThat(passed.pipeline().signOff(V1, EnvironmentName.STAGING)).isPresent();

    SystemState again =
        fold(
            Events.registered("checkout", "v1"),
            staging(GateOutcome.AWAITING_SIGNOFF),
            signOff("carol"),
            staging(GateOutcome.AWAITING_SIGNOFF));
    assertThat(again.pipeline().signOff(V1, EnvironmentName.STAGING)).isEmpty();
  }

  @Test
  void adjustment_isTheLatestPerEnvironment_andZeroRestoresTheConfiguredThreshold() {
    SystemState tightened =
        fold(
            new ThresholdAdjusted(EnvironmentName.PRODUCTION, 5, "audit week"),
            new ThresholdAdjusted(EnvironmentName.PRODUCTION, 8, "audit week, stricter"));
    assertThat(tightened.pipeline().adjustment(EnvironmentName.PRODUCTION))
        .isEqualTo(new ThresholdAdjustment(8, "audit week, stricter"));
    assertThat(tightened.pipeline().adjustment(EnvironmentName.DEV))
        .isEqualTo(ThresholdAdjustment.NONE);

    SystemState restored =
        fold(
            new ThresholdAdjusted(EnvironmentName.PRODUCTION, 5, "audit week"),
            new ThresholdAdjusted(EnvironmentName.PRODUCTION, 0, "audit over"));
    assertThat(restored.pipeline().adjustment(EnvironmentName.PRODUCTION))
        .isEqualTo(ThresholdAdjustment.NONE);
  }

  @Test
  void snapshot_keepsSignOffsAndAdjustments() {
    SystemState state =
        fold(
            Events.registered("checkout", "v1"),
            staging(GateOutcome.AWAITING_SIGNOFF),
            signOff("carol"),
            new ThresholdAdjusted(EnvironmentName.STAGING, -5, "plenty of error budget"));
    SystemState restored = StateCodec.restore(StateCodec.snapshot(state));
    assertThat(restored.pipeline().signOff(V1, EnvironmentName.STAGING))
        .isEqualTo(state.pipeline().signOff(V1, EnvironmentName.STAGING));
    assertThat(restored.pipeline().adjustment(EnvironmentName.STAGING))
        .isEqualTo(new ThresholdAdjustment(-5, "plenty of error budget"));
    assertThat(StateCodec.encode(restored)).isEqualTo(StateCodec.encode(state));
  }
}
