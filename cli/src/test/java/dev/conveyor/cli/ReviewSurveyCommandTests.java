package dev.conveyor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.Causation;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conveyor review} and {@code conveyor survey} against a real server. The CLI acts as the OS
 * user; the artifact is pushed as another actor, unless a test pushes it through the CLI.
 */
class ReviewSurveyCommandTests {
  private static final String ME = System.getProperty("user.name", "anonymous");
  private static final Actor AUTHOR = Actor.of("author-not-" + ME);

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
    for (String fixture :
        List.of(
            "TEST-dev.conveyor.core.fleet.NamesTests.xml", "jacoco.xml", "git-log-reviewed.txt")) {
      Files.createDirectories(target);
      try (InputStream in = getClass().getResourceAsStream("/score/" + fixture)) {
        Files.write(target.resolve(fixture), in.readAllBytes());
      }
    }
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

  private ArtifactId pushAsAuthor() throws IOException {
    Path packed = dir.resolve("v1.tar.gz");
    ArtifactId id = ArtifactArchive.pack(artifact, packed);
    try (InputStream in = Files.newInputStream(packed)) {
      server.artifacts().push(in, Optional.empty(), AUTHOR, Causation.command("push req-1"));
    }
    return id;
  }

  @Test
  void review_approve_printsWhatWasRecorded() throws IOException {
    ArtifactId id = pushAsAuthor();
    Run run = run("review", id.shortForm(), "--approve", "--comment", "looks good");
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .isEqualTo(
            "artifact " + id.shortForm() + " of checkout approved by " + ME + ": looks good\n");
  }

  @Test
  void review_requestChanges_printsWhatWasRecorded() throws IOException {
    ArtifactId id = pushAsAuthor();
    Run run = run("review", id.shortForm(), "--request-changes");
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .isEqualTo(
            "artifact " + id.shortForm() + " of checkout sent back for changes by " + ME + "\n");
  }

  @Test
  void review_ownArtifact_isRefusedWithExit4() throws IOException {
    assertThat(run("artifact", "push", artifact.toString()).exitCode()).isEqualTo(ExitCode.OK);
    String id = ArtifactArchive.pack(artifact, dir.resolve("v1.tar.gz")).shortForm();
    Run run = run("review", id, "--approve");
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "conveyor: reviewer "
                + ME
                + " registered artifact "
                + id
                + " and cannot review it: a review needs someone other than its author ("
                + ME
                + "); ask another developer to review it\n");
  }

  @Test
  void review_neitherVerdict_isAUsageError() {
    Run run = run("review", "abcd");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "conveyor: Error: Missing required argument (specify one of these):"
                + " (--approve | --request-changes)");
  }

  @Test
  void survey_printsTheWeekAndScore_andSubmitShowsHappiness() throws IOException {
    Run survey = run("survey", "checkout", "--answers", "4,5,3,4");
    assertThat(survey.err()).isEmpty();
    assertThat(survey.out())
        .isEqualTo("survey of checkout for 2026-W47: mean answer 4 of 5 from 4 answers\n");
    Run submit = run("submit", artifact.toString(), "--reports", target.toString());
    assertThat(submit.out())
        .contains(
            "happiness  75     0       0             mean answer 4 of 5 from 4 answers in week"
                + " 2026-W47\n");
  }

  @Test
  void survey_answerOutOfRange_isRefusedWithExit4() {
    Run run = run("survey", "checkout", "--answers", "4,6", "--week", "2026-W46");
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err())
        .isEqualTo(
            "conveyor: survey answer 2 of 2 is 6; answers are whole numbers from 1 (unhappy) to 5"
                + " (happy)\n");
  }
}
