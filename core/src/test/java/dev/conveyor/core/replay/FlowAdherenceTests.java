package dev.conveyor.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.conveyor.core.score.Measure;
import dev.conveyor.core.score.MeasureKind;
import dev.conveyor.core.score.MeasureSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowAdherenceTests {
  private static final ResponseShape PRODUCT =
      ResponseShape.of("application/json", "{\"id\":1,\"name\":\"mug\"}");
  private static final ResponseShape ORDER =
      ResponseShape.of("application/json", "{\"orderId\":\"o-1\"}");
  private static final ResponseShape ERROR =
      ResponseShape.of("application/json", "{\"error\":\"boom\"}");
  private static final RecordedRequest CHECKOUT =
      RecordedRequest.json("POST", "/checkout", "{\"product\":1}");

  /** 60 requests over 4 routes: 20 product pages, 10 lists, 20 checkouts, 10 unknown ids. */
  private static List<ObservedResponse> production() {
    List<ObservedResponse> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(ok(RecordedRequest.of("GET", "/products/" + (i % 5 + 1)), 200, PRODUCT));
      answers.add(ok(CHECKOUT, 201, ORDER));
    }
    for (int i = 0; i < 10; i++) {
      answers.add(ok(RecordedRequest.of("GET", "/products"), 200, PRODUCT));
      answers.add(ok(RecordedRequest.of("GET", "/carts/" + i), 404, ERROR));
    }
    return answers;
  }

  private static ObservedResponse ok(RecordedRequest request, int status, ResponseShape shape) {
    return new ObservedResponse(request, status, shape, 1_000_000);
  }

  @Test
  void compare_sameAnswers_scores100AndSaysSo() {
    FlowReport report = FlowAdherence.compare(production(), production());

    assertThat(report.score()).isEqualTo(100);
    assertThat(report.routes())
        .extracting(RouteFlow::route)
        .containsExactly(
            "GET /products/{id}", "POST /checkout", "GET /products", "GET /carts/{id}");
    assertThat(report.evidence())
        .isEqualTo("all 60 replayed requests match production in status and shape across 4 routes");
  }

  @Test
  void compare_failedCheckouts_namesTheRouteAndStatuses() {
    List<ObservedResponse> candidate = production();
    for (int i : new int[] {1, 11, 21}) { // three checkouts fail
      candidate.set(i, ok(CHECKOUT, 500, ERROR));
    }
    candidate.set(0, ok(candidate.get(0).request(), 200, ERROR));

    FlowReport report = FlowAdherence.compare(candidate, production());

    assertThat(report.score()).isCloseTo(100.0 * 56 / 60, offset(1e-9));
    assertThat(report.evidence())
        .isEqualTo(
            "4 of 60 replayed requests differ from production: POST /checkout status 500 vs 201"
                + " (3×); GET /products/{id} body shape differs at status 200 (1×)");
    assertThat(report.routes().get(1))
        .isEqualTo(
            new RouteFlow(
                "POST /checkout",
                20,
                17,
                List.of(new FlowDifference("POST /checkout", "status 500 vs 201", 3))));
  }

  @Test
  void compare_noResponse_isNamedAsSuch() {
    List<ObservedResponse> candidate = production();
    candidate.set(1, ObservedResponse.none(CHECKOUT, 5_000_000_000L));

    assertThat(FlowAdherence.compare(candidate, production()).evidence())
        .isEqualTo(
            "1 of 60 replayed requests differ from production: POST /checkout no response vs 201"
                + " (1×)");
  }

  @Test
  void compare_manyDifferences_namesTheWorstThree() {
    List<ObservedResponse> production = new ArrayList<>();
    List<ObservedResponse> candidate = new ArrayList<>();
    for (int route = 1; route <= 5; route++) {
      for (int i = 0; i < route; i++) {
        RecordedRequest request = RecordedRequest.of("GET", "/r" + route);
        production.add(ok(request, 200, PRODUCT));
        candidate.add(ok(request, 503, ERROR));
      }
    }

    assertThat(FlowAdherence.compare(candidate, production).evidence())
        .isEqualTo(
            "15 of 15 replayed requests differ from production: GET /r5 status 503 vs 200 (5×);"
                + " GET /r4 status 503 vs 200 (4×); GET /r3 status 503 vs 200 (3×); and 2 more"
                + " differences");
  }

  @Test
  void measure_flowsSpec_carriesScoreAndEvidence() {
    Measure measure =
        FlowAdherence.compare(production(), production())
            .measure(MeasureSpec.of(MeasureKind.FLOWS, 20));

    assertThat(measure)
        .isEqualTo(
            Measure.of(
                "flows",
                100,
                20,
                "all 60 replayed requests match production in status and shape across 4 routes"));
  }

  @Test
  void measure_otherSpec_isRefused() {
    FlowReport report = FlowAdherence.compare(production(), production());

    assertThatThrownBy(() -> report.measure(MeasureSpec.of(MeasureKind.PERFORMANCE, 20)))
        .hasMessage(
            "cannot score flows with the spec of measure 'performance'; use the 'flows' spec");
  }

  @Test
  void compare_differentSets_isRefused() {
    List<ObservedResponse> candidate = production();
    candidate.set(2, ok(RecordedRequest.of("GET", "/other"), 200, PRODUCT));

    assertThatThrownBy(() -> FlowAdherence.compare(candidate, production()))
        .hasMessage(
            "flow adherence compares replays of one set, but request 3 was GET /other for the"
                + " candidate and GET /products/2 for production");
    assertThatThrownBy(() -> FlowAdherence.compare(candidate.subList(0, 5), production()))
        .hasMessage(
            "flow adherence compares replays of one set, but the candidate has 5 responses and"
                + " production 60");
  }
}
