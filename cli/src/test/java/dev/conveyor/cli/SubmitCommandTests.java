package dev.conveyor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.artifact.ArtifactArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conveyor submit} against a real server, with real report files in a build's layout. */
class SubmitCommandTests {
  @TempDir Path dir;
  private ConveyorServer server;
  private Path artifact;
  private Path target;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server =
        ConveyorServer.start(
            ServerSettings.defaults(dir.resolve("data")).withPort(0),
            ManualClock.at("2026-11-22T10:00:00Z"));
    artifact = dir.resolve("checkout-v1");
    Files.createDirectories(artifact);
    Files.writeString(
        artifact.resolve("conveyor.yaml"),
        "service: checkout\nversion: v1\nrun:\n  command: [java, -jar, app.jar]\nreadiness:\n  path: /ready\n");
    Files.writeString(artifact.resolve("app.jar"), "not really a jar");
    target = dir.resolve("target");
    copy("TEST-dev.conveyor.core.fleet.NamesTests.xml", "surefire-reports");
    copy("jacoco.xml", "site/jacoco");
    copy("checkstyle-result.xml", ".");
    copy("git-log-reviewed.txt", ".");
    Files.writeString(target.resolve("surefire-reports/notes.txt"), "not a report");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void copy(String fixture, String under) throws IOException {
    Path to = target.resolve(under).resolve(fixture);
    Files.createDirectories(to.getParent());
    try (InputStream in = SubmitCommandTests.class.getResourceAsStream("/score/" + fixture)) {
      Files.write(to, in.readAllBytes());
    }
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("--server", server.url().toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private String shortId() throws IOException {
    return ArtifactArchive.pack(artifact, dir.resolve("v1.tar.gz")).shortForm();
  }

  @Test
  void submit_goodReports_printsTheMeasuresAndPasses() throws IOException {
    Run run = run("submit", artifact.toString(), "--reports", target.toString());
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .isEqualTo(
            "submitted checkout v1 ("
                + shortId()
                + ") with 4 reports\n"
                + "\n"
                + "MEASURE   SCORE  WEIGHT  CONTRIBUTION  EVIDENCE\n"
                + "review    100    2       28.57         all 3 commits carry a Reviewed-by from"
                + " someone other than their author\n"
                + "tests     100    3       42.86         5 of 5 tests passed (0 failed, 0 errors,"
                + " 0 skipped) in 1 report\n"
                + "coverage  100    1       14.29         81.25% of lines covered (130 of 160)"
                + " against a target of 75%\n"
                + "lint      86     1       12.29         1 error, 2 warnings, 1 info cost 14 points"
                + " (error 10, warning 2, info 0)\n"
                + "\n"
                + "dev gate: passed (score 98 ≥ 80)\n");
  }

  @Test
  void submit_failingTests_printsTheReasonsAndExits1() throws IOException {
    copy("TEST-demo.CartTests.xml", "surefire-reports");
    Run run = run("submit", artifact.toString(), "--reports", target.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.NEGATIVE);
    assertThat(run.out())
        .contains("with 5 reports\n")
        .endsWith(
            "dev gate: failed (score 88.48 ≥ 80)\n"
                + "  - Measure 'tests' vetoes: its score 77.78 is below its veto floor of 100 (7 of"
                + " 9 tests passed (1 failed, 1 error, 1 skipped) in 2 reports; failing:"
                + " demo.CartTests.checkout_missingAddress_isRefused,"
                + " demo.CartTests.total_discount_isApplied).\n"
                + "  - The risk score 88.48 clears the dev threshold of 80.\n"
                + "  - Optional measure 'simulation' is missing and is left out of the score.\n"
                + "  - Optional measure 'happiness' is missing and is left out of the score.\n");
  }

  @Test
  void submit_jsonOutput_isTheDecision() throws IOException {
    Run run =
        run("--output", "json", "submit", artifact.toString(), "--reports", target.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    JsonNode decision = new ObjectMapper().readTree(run.out());
    assertThat(decision.get("passed").asBoolean()).isTrue();
    assertThat(decision.get("score").asDouble()).isEqualTo(98);
    assertThat(decision.get("measures")).hasSize(4);
  }

  @Test
  void submit_missingReportsDir_isAUsageError_andPushesNothing() {
    Path missing = dir.resolve("nowhere");
    Run run = run("submit", artifact.toString(), "--reports", missing.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err())
        .contains(
            "--reports "
                + missing
                + " does not exist; give the directory your build writes its reports to, e.g."
                + " target");
    assertThat(server.history().store().lastSeq()).isZero();
  }

  @Test
  void theShopsExamplePipeline_reads_withItsReplayFileResolved() {
    Path example = Path.of("..", "examples", "shop", "pipeline.yaml").toAbsolutePath().normalize();
    var spec = ServerCommand.readPipeline(example);
    assertThat(spec.environments())
        .extracting(Object::toString)
        .containsExactly("dev", "staging", "production");
    assertThat(spec.stages().get(1).staging().orElseThrow().replayFile())
        .contains(example.resolveSibling("src/replay/standard.jsonl").toString());
    assertThat(spec.stages().get(2).deploy().orElseThrow().strategy()).isEqualTo("canary");
  }

  @Test
  void server_pipelineFile_isCheckedBeforeStarting() throws IOException {
    Path missing = dir.resolve("missing.yaml");
    Run none =
        run("server", "--data", dir.resolve("d2").toString(), "--pipeline", missing.toString());
    assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(none.err()).isEqualTo("conveyor: --pipeline " + missing + " does not exist\n");

    Path bad = dir.resolve("pipeline.yaml");
    Files.writeString(bad, "environments:\n  - name: dev\n    threshold: 120\n");
    Run invalid =
        run("server", "--data", dir.resolve("d2").toString(), "--pipeline", bad.toString());
    assertThat(invalid.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(invalid.err()).startsWith("conveyor: " + bad + ":3: ");

    Files.writeString(
        bad,
        "environments:\n  - name: staging\n    threshold: 85\n    measures:\n"
            + "      flows: {weight: 3}\n    staging: {replay: requests.jsonl}\n");
    Run noReplay =
        run("server", "--data", dir.resolve("d2").toString(), "--pipeline", bad.toString());
    assertThat(noReplay.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(noReplay.err())
        .isEqualTo(
            "conveyor: --pipeline "
                + bad
                + ": the staging replay file "
                + dir.resolve("requests.jsonl").toAbsolutePath()
                + " does not exist; point 'replay' at a JSONL replay set, or leave it out to"
                + " replay what the router captures from production\n");
  }

  @Test
  void submit_withRepo_readsTheReviewTrailersFromGit() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    git(repo, "init", "-q");
    Files.writeString(repo.resolve("Checkout.java"), "class Checkout {}\n");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "Add checkout\n\nReviewed-by: Ada Lovelace <ada@example.com>");
    String head = git(repo, "rev-parse", "HEAD").strip();
    Files.writeString(
        artifact.resolve("conveyor.yaml"),
        "service: checkout\nversion: v1\nrun:\n  command: [java, -jar, app.jar]\nreadiness:\n"
            + "  path: /ready\nprovenance:\n  commit: "
            + head
            + "\n");
    Files.delete(target.resolve("git-log-reviewed.txt"));

    Run run =
        run(
            "submit",
            artifact.toString(),
            "--reports",
            target.toString(),
            "--repo",
            repo.toString(),
            "-o",
            "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("\"name\" : \"review\"")
        .contains("1 commit carries a Reviewed-by from someone other than its author");

    Run badRepo =
        run(
            "submit",
            artifact.toString(),
            "--reports",
            target.toString(),
            "--repo",
            dir.resolve("nowhere").toString());
    assertThat(badRepo.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badRepo.err())
        .startsWith(
            "conveyor: --repo " + dir.resolve("nowhere") + ": git log -1 " + head + " failed: ");
  }

  private static String git(Path repo, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "git",
                "-C",
                repo.toString(),
                "-c",
                "user.name=Linus Pauling",
                "-c",
                "user.email=linus@example.com"));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out =
        new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(git.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void submit_unreadableReport_isRefusedNamingTheFile() throws IOException {
    Files.writeString(target.resolve("site/jacoco/jacoco.xml"), "<report>\n<counter");
    Run run = run("submit", artifact.toString(), "--reports", target.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.REFUSED);
    assertThat(run.err()).contains("site/jacoco/jacoco.xml:2:");
    assertThat(server.history().store().lastSeq()).isEqualTo(1);
  }
}
