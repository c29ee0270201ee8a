package dev.conveyor.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.replay.ObservedResponse;
import dev.conveyor.core.replay.RecordedRequest;
import dev.conveyor.core.replay.ReplaySet;
import dev.conveyor.core.replay.ResponseShape;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replayer and the performance run against loopback sockets that misbehave. */
class ReplayerTests {
  private static final ReplaySet ONE = ReplaySet.of(RecordedRequest.of("GET", "/products"));
  private static final Endpoint SOMEWHERE = Endpoint.of("127.0.0.1", 9);

  @Test
  void replay_serverThatNeverAnswers_observesStatusZeroAfterTheTimeout() throws Exception {
    // Accepts connections (the backlog does) but never reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Replayer replayer = new Replayer(Duration.ofMillis(300))) {
      List<ObservedResponse> answers =
          replayer.replay(ONE, Endpoint.of("127.0.0.1", silent.getLocalPort()));

      assertThat(answers)
          .singleElement()
          .extracting(ObservedResponse::shape)
          .isEqualTo(ResponseShape.NONE);
      assertThat(answers.getFirst().status()).isZero();
      assertThat(answers.getFirst().nanos()).isGreaterThanOrEqualTo(300_000_000L);
    }
  }

  @Test
  void run_badArguments_failSayingWhy() {
    PerformanceRun run = new PerformanceRun();

    assertThatThrownBy(() -> run.run(ONE, List.of(), List.of(SOMEWHERE), 10, Duration.ofSeconds(1)))
        .hasMessage("a performance run needs at least one candidate instance, got none");
    assertThatThrownBy(() -> run.run(ONE, List.of(SOMEWHERE), List.of(), 10, Duration.ofSeconds(1)))
        .hasMessage("a performance run needs at least one production instance, got none");
    assertThatThrownBy(
            () -> run.run(ONE, List.of(SOMEWHERE), List.of(SOMEWHERE), 0, Duration.ofSeconds(1)))
        .hasMessage("a performance run's rate must be 1 to 1000 requests per second, got 0");
    assertThatThrownBy(
            () -> run.run(ONE, List.of(SOMEWHERE), List.of(SOMEWHERE), 10, Duration.ofMinutes(11)))
        .hasMessage("a performance run lasts more than 0 and at most 10 minutes, got PT11M");
  }

  @Test
  void run_refusedConnections_countAsFailures() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Endpoint dead = Endpoint.of("127.0.0.1", port);

    PerformanceRun.Result result =
        new PerformanceRun(Duration.ofSeconds(1))
            .run(ONE, List.of(dead), List.of(dead), 20, Duration.ofMillis(500));

    assertThat(result.candidate().count()).isEqualTo(10);
    assertThat(result.candidateFailures()).isEqualTo(10);
    assertThat(result.baselineFailures()).isEqualTo(10);
  }
}
