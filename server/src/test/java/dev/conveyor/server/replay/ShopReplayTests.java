package dev.conveyor.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.replay.FlowAdherence;
import dev.conveyor.core.replay.FlowDifference;
import dev.conveyor.core.replay.FlowReport;
import dev.conveyor.core.replay.ObservedResponse;
import dev.conveyor.core.replay.PerformanceComparison;
import dev.conveyor.core.replay.RecordedRequest;
import dev.conveyor.core.replay.ReplaySet;
import dev.conveyor.core.replay.RouteFlow;
import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.MeasureSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The staging measures against real shop processes: v1 is production; v2 fails 5% of checkouts (its
 * seed fails the 3rd, 23rd and 35th); v3 is good and faster.
 */
class ShopReplayTests {
  private static final ReplaySet STANDARD =
      ReplaySet.parse(ShopProcess.standardSet(), "standard.jsonl");

  /** Replays the standard set against a fresh process of each version, in the given order. */
  private static List<List<ObservedResponse>> replay(String... versions) throws IOException {
    List<List<ObservedResponse>> answers = new ArrayList<>();
    try (Replayer replayer = new Replayer()) {
      for (String version : versions) {
        try (ShopProcess shop = ShopProcess.start(version)) {
          answers.add(replayer.replay(STANDARD, shop.endpoint()));
        }
      }
    }
    return answers;
  }

  @Test
  void standardSet_coversTheShopsRoutesWithSixtyCheckouts() {
    assertThat(STANDARD.size()).isEqualTo(135);
    assertThat(STANDARD.requests().stream().filter(r -> r.target().equals("/checkout")).count())
        .isEqualTo(62);
  }

  @Test
  void flows_goodVersionsAgainstV1_score100() throws IOException {
    List<List<ObservedResponse>> answers = replay("v1", "v1", "v3");

    FlowReport same = FlowAdherence.compare(answers.get(1), answers.get(0));
    FlowReport v3 = FlowAdherence.compare(answers.get(2), answers.get(0));

    assertThat(same.score()).isEqualTo(100);
    assertThat(v3.score()).isEqualTo(100);
    assertThat(v3.evidence())
        .isEqualTo(
            "all 135 replayed requests match production in status and shape across 3 routes");
    assertThat(v3.routes())
        .extracting(RouteFlow::route, RouteFlow::requests)
        .containsExactly(
            tuple("GET /products", 10),
            tuple("GET /products/{id}", 63),
            tuple("POST /checkout", 62));
  }

  @Test
  void flows_v2AgainstV1_namesTheFailedCheckouts() throws IOException {
    List<List<ObservedResponse>> answers = replay("v1", "v2");

    FlowReport report = FlowAdherence.compare(answers.get(1), answers.get(0));

    assertThat(report.differences())
        .containsExactly(new FlowDifference("POST /checkout", "status 500 vs 201", 3));
    assertThat(report.score()).isCloseTo(100.0 * 132 / 135, offset(1e-9));
    assertThat(report.measure(MeasureSpec.of(MeasureKind.FLOWS, 20)).evidence())
        .isEqualTo(
            "3 of 135 replayed requests differ from production: POST /checkout status 500 vs 201"
                + " (3×)");
  }

  @Test
  void stagingReplay_v2AgainstV1_scoresBothMeasures() throws IOException {
    try (ShopProcess production = ShopProcess.start("v1");
        ShopProcess candidate = ShopProcess.start("v2");
        Replayer replayer = new Replayer()) {
      StagingReplay staging =
          new StagingReplay(
              replayer,
              new PerformanceRun(Duration.ofSeconds(5), Duration.ZERO),
              50,
              Duration.ofSeconds(1));

      Map<MeasureKind, Measure> measures =
          staging.measure(
              STANDARD,
              List.of(candidate.endpoint()),
              List.of(production.endpoint()),
              List.of(
                  MeasureSpec.of(MeasureKind.FLOWS, 20),
                  MeasureSpec.of(MeasureKind.PERFORMANCE, 10)));

      assertThat(measures.get(MeasureKind.FLOWS).evidence())
          .isEqualTo(
              "3 of 135 replayed requests differ from production: POST /checkout status 500 vs 201"
                  + " (3×)");
      assertThat(measures.get(MeasureKind.PERFORMANCE).evidence()).endsWith("; 50 requests each");
    }
  }

  @Test
  void replay_nothingListening_observesStatusZero() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (Replayer replayer = new Replayer(Duration.ofSeconds(2))) {
      List<ObservedResponse> answers =
          replayer.replay(
              ReplaySet.of(RecordedRequest.of("GET", "/products")), Endpoint.of("127.0.0.1", port));

      assertThat(answers).singleElement().extracting(ObservedResponse::status).isEqualTo(0);
    }
  }

  @Test
  void performance_v3AgainstV1_timesBothSidesAtOnce() throws IOException {
    try (ShopProcess production = ShopProcess.start("v1");
        ShopProcess candidate = ShopProcess.start("v3")) {
      PerformanceRun.Result result =
          new PerformanceRun(Duration.ofSeconds(5), Duration.ofMillis(500))
              .run(
                  STANDARD,
                  List.of(candidate.endpoint()),
                  List.of(production.endpoint()),
                  100,
                  Duration.ofSeconds(2));

      assertThat(result.candidate().count()).isEqualTo(200);
      assertThat(result.baseline().count()).isEqualTo(200);
      assertThat(result.candidateFailures()).isZero();
      assertThat(result.baselineFailures()).isZero();
      // The shop waits at least latency.base.ms on every business request: 2 ms in v1, 1 in v3.
      assertThat(result.baseline().p50Millis()).isGreaterThanOrEqualTo(2);
      assertThat(result.candidate().p50Millis()).isGreaterThanOrEqualTo(1);
      assertThat(
              PerformanceComparison.of(result.candidate(), result.baseline(), 0.2)
                  .measure(MeasureSpec.of(MeasureKind.PERFORMANCE, 10))
                  .evidence())
          .endsWith("; 200 requests each");
    }
  }
}
