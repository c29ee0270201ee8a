package dev.conveyor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.core.testing.CalibrationHistory;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conveyor risk calibration} against a real server whose SQLite history holds {@link
 * CalibrationHistory#recordExample}.
 */
class RiskCalibrationCommandTests {
  @TempDir Path dir;
  private ConveyorServer server;
  private long seq;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void start() {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0),
            ManualClock.at("2026-11-22T10:00:00Z"));
    CalibrationHistory.recordExample(server.history());
    seq = server.history().store().lastSeq();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("--server", server.url().toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void calibration_printsTheBandsTheUncountedAndAReading() {
    Run run = run("risk", "calibration");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .isEqualTo(
            "production deployments of every service by staging score, up to event "
                + seq
                + "\n"
                + "BAND       DEPLOYMENTS  ROLLED BACK  RATE    95% INTERVAL\n"
                + "[0, 60)    3            3            100.0%  43.9% – 100.0%\n"
                + "[60, 70)   0            0            -       -\n"
                + "[70, 80)   1            0            0.0%    0.0% – 79.3%\n"
                + "[80, 90)   0            0            -       -\n"
                + "[90, 100]  2            0            0.0%    0.0% – 65.8%\n"
                + "unscored: 1 deployment with no staging score before it started, 0 rolled"
                + " back\n"
                + "in flight: 1 deployment, counted once ended\n"
                + "The rollback rate falls as the score rises, from 100% in [0, 60) to 0% in"
                + " [90, 100], but the 95% intervals of those bands overlap: too few deployments"
                + " yet to tell whether the staging scores predict failure.\n");
  }

  @Test
  void calibration_serviceEnvAndBands_areSentToTheServer() {
    Run run = run("risk", "calibration", "--service", "checkout", "--env", "dev", "--bands", "85");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .isEqualTo(
            "production deployments of checkout by dev score, up to event "
                + seq
                + "\n"
                + "BAND       DEPLOYMENTS  ROLLED BACK  RATE  95% INTERVAL\n"
                + "[0, 85)    0            0            -     -\n"
                + "[85, 100]  1            0            0.0%  0.0% – 79.3%\n"
                + "unscored: 5 deployments with no dev score before they started, 2 rolled"
                + " back\n"
                + "in flight: 1 deployment, counted once ended\n"
                + "Every scored production deployment falls in [85, 100], so there are no bands"
                + " to compare yet.\n");
  }

  @Test
  void calibration_json_isTheApiAnswer() throws Exception {
    Run run = run("risk", "calibration", "--service", "checkout", "--output", "json");

    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("service").asText()).isEqualTo("checkout");
    assertThat(json.get("rows").get(0).get("deployments").asLong()).isEqualTo(2);
    assertThat(json.get("rows").get(0).get("rolledBack").asLong()).isEqualTo(2);
    assertThat(json.get("unscored").get("deployments").asLong()).isEqualTo(1);
  }

  @Test
  void calibration_badBands_isAUsageErrorNamingTheValueAndTheFix() {
    Run run = run("risk", "calibration", "--bands", "60,101");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "conveyor: bands '60,101': band cut point 101 must be above 0 and below 100 (the"
                + " bands always start at 0 and end at 100); give ascending cut points between 0"
                + " and 100, separated by commas, e.g. 60,70,80,90\n");
  }

  @Test
  void calibration_badEnvironment_isAUsageError() {
    Run run = run("risk", "calibration", "--env", "Staging");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "conveyor: environment name 'Staging' is not valid: use 1 to 63 lowercase letters,"
                + " digits and '-', starting with a letter and not ending with '-'\n");
  }
}
