package dev.conveyor.server.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.replay.RecordedRequest;
import dev.conveyor.core.replay.ReplaySet;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The router's request capture, over loopback: a real router, client and upstream. */
class RouterCaptureTests {
  private static final String CHECKOUT = "{\"product\":1,\"quantity\":2}";

  private static HttpRequest.Builder post(RouterHarness harness, String path, String body) {
    return harness
        .request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  @Test
  void capture_everyRequest_keepsMethodTargetTypesAndBodyUpToTheLimit() throws Exception {
    try (TestUpstream upstream = TestUpstream.answering("ok");
        RouterHarness harness = new RouterHarness(RouterHarness.settings())) {
      harness.route(RouterHarness.active("i-1", upstream.endpoint(), 10_000));
      harness.router.startCapture(RouterHarness.CHECKOUT, 1, 3);

      harness.client.send(
          harness
              .request("/products?page=2")
              .header("Accept", "application/json")
              .header("Cookie", "session=secret")
              .GET()
              .build(),
          HttpResponse.BodyHandlers.discarding());
      harness.client.send(
          post(harness, "/checkout", "x".repeat(RequestCapture.MAX_BODY_BYTES + 1)).build(),
          HttpResponse.BodyHandlers.discarding());
      harness.client.send(
          harness
              .request("/images")
              .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0, 1}))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      harness.client.send(
          post(harness, "/checkout", CHECKOUT).build(), HttpResponse.BodyHandlers.discarding());
      harness.get("/products/7");
      harness.get("/products/8"); // the capture is full: not kept, not seen

      CaptureStatus status = harness.router.capture(RouterHarness.CHECKOUT).orElseThrow();
      assertThat(status.seen()).isEqualTo(5);
      assertThat(status.skipped()).isEqualTo(2);
      assertThat(status.full()).isTrue();
      assertThat(ReplaySet.parse(status.jsonl(), "capture").requests())
          .containsExactly(
              new RecordedRequest(
                  "GET", "/products?page=2", Map.of("accept", "application/json"), ""),
              RecordedRequest.json("POST", "/checkout", CHECKOUT),
              RecordedRequest.of("GET", "/products/7"));
    }
  }

  @Test
  void stopCapture_discardsWhatWasHeld() throws Exception {
    try (TestUpstream upstream = TestUpstream.answering("ok");
        RouterHarness harness = new RouterHarness(RouterHarness.settings())) {
      harness.route(RouterHarness.active("i-1", upstream.endpoint(), 10_000));
      harness.router.startCapture(RouterHarness.CHECKOUT, 1, 10);
      harness.get("/products");

      assertThat(harness.router.stopCapture(RouterHarness.CHECKOUT)).isTrue();
      harness.get("/products");

      assertThat(harness.router.capture(RouterHarness.CHECKOUT)).isEmpty();
      assertThat(harness.router.stopCapture(RouterHarness.CHECKOUT)).isFalse();
      assertThat(harness.router.startCapture(RouterHarness.CHECKOUT, 0.5, 10).requests()).isEmpty();
    }
  }

  @Test
  void startCapture_badSettingsOrState_failsSayingWhy() throws Exception {
    try (RouterHarness harness = new RouterHarness(RouterHarness.settings())) {
      assertThatThrownBy(() -> harness.router.startCapture(RouterHarness.CHECKOUT, 0, 10))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "capture sample must be above 0 and at most 1, such as 0.1 for 10% of requests,"
                  + " got 0.0");
      assertThatThrownBy(() -> harness.router.startCapture(RouterHarness.CHECKOUT, 1.5, 10))
          .hasMessage(
              "capture sample must be above 0 and at most 1, such as 0.1 for 10% of requests,"
                  + " got 1.5");
      assertThatThrownBy(() -> harness.router.startCapture(RouterHarness.CHECKOUT, 0.1, 10_001))
          .hasMessage("capture limit must be 1 to 10000 requests, got 10001");
      assertThatThrownBy(
              () -> harness.router.startCapture(FleetKey.of("cart", "production"), 0.1, 10))
          .isInstanceOf(NotFoundException.class)
          .hasMessage(
              "fleet cart/production has no port on the router, so it receives no requests to"
                  + " capture: expose it first");

      harness.router.startCapture(RouterHarness.CHECKOUT, 0.1, 200);
      assertThatThrownBy(() -> harness.router.startCapture(RouterHarness.CHECKOUT, 0.1, 200))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "fleet checkout/production is already capturing (0 of 200 requests held): read it"
                  + " with GET, or DELETE it to start another");
    }
  }
}
