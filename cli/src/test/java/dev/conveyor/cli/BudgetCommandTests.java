package dev.conveyor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.budget.SloConfig;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conveyor budget} and {@code server --slos} against a real server. */
class BudgetCommandTests {
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void budget_showsEachObjective_andWithoutObjectivesSaysHowToGetThem() {
    SloConfig slos =
        SloConfig.parse(
            """
            services:
              checkout:
                objectives:
                  - {name: availability, kind: availability, target: 99.9%}
                  - {name: fast, kind: latency, target: 99%, latency: 300ms}
            """,
            "slos.yaml");
    try (ConveyorServer server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0).withSlos(slos),
            ManualClock.at("2026-11-22T10:00:30Z"))) {
      Run run = run("--server", server.url().toString(), "budget");
      assertThat(run.exitCode()).as(run.err()).isZero();
      List<String> lines = run.out().lines().toList();
      assertThat(lines.get(0)).startsWith("SERVICE").contains("REMAINING").contains("STATE");
      assertThat(lines.get(1).split("\\s+"))
          .containsExactly(
              "checkout",
              "availability",
              "99.9%",
              "100.0%",
              "0/0.0",
              "0.0×/0.0×",
              "0.0×/0.0×",
              "0.0×",
              "ok");
      assertThat(lines.get(2)).startsWith("checkout").contains("fast").endsWith("ok");
      Run none = run("--server", server.url().toString(), "budget", "cart");
      assertThat(none.out()).isEqualTo("service cart has no objectives\n");
    }
  }

  @Test
  void server_slosFile_isCheckedBeforeStarting() throws Exception {
    Path bad = dir.resolve("slos.yaml");
    Files.writeString(
        bad, "services:\n  shop:\n    objectives:\n      - {name: a, kind: uptime, target: 99%}\n");
    Run run = run("server", "--data", dir.resolve("d").toString(), "--slos", bad.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "conveyor: "
                + bad
                + ":4: 'services.shop.objectives[0].kind' must be one of availability, latency,"
                + " flow, got 'uptime'\n");
  }
}
