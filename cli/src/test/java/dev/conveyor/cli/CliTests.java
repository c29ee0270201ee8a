package dev.conveyor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.testing.ManualClock;
import dev.conveyor.server.ConveyorServer;
import dev.conveyor.server.ServerSettings;
import dev.conveyor.server.artifact.ArtifactArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI, run against a real server on a loopback port, as a person would use it. */
class CliTests {
  @TempDir Path dir;
  private final ManualClock clock = ManualClock.at("2026-11-22T10:00:00Z");
  private ConveyorServer server;

  /** What one run printed, and how it ended. */
  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void start() {
    server = ConveyorServer.start(ServerSettings.defaults(dir.resolve("data")).withPort(0), clock);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("--server", server.url().toString()));
    all.addAll(List.of(args));
    return runRaw(all.toArray(String[]::new));
  }

  private static Run runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private Path artifactDir(String service, String version) throws IOException {
    Path source = dir.resolve(service + "-" + version);
    Files.createDirectories(source);
    Files.writeString(
        source.resolve("conveyor.yaml"),
        "service: "
            + service
            + "\nversion: "
            + version
            + "\nrun:\n  command: [java, -jar, app.jar]\n  env: {MODE: fast}\nreadiness:\n"
            + "  path: /ready\n  timeout: 1m30s\nprovenance:\n  commit: 3f2a9c1\n");
    Files.writeString(source.resolve("app.jar"), "not really a jar");
    return source;
  }

  @Nested
  class Artifacts {
    @Test
    void push_directory_packsAndRegistersIt_thenIsANoOp() throws Exception {
      Path source = artifactDir("checkout", "v1");
      Path packed = dir.resolve("expected.tar.gz");
      String id = ArtifactArchive.pack(source, packed).value();
      long size = Files.size(packed);

      Run first = run("artifact", "push", source.toString());
      assertThat(first.exitCode()).isZero();
      assertThat(first.out()).isEqualTo("registered checkout v1 as " + id + " (" + size + " B)\n");

      Run again = run("artifact", "push", packed.toString());
      assertThat(again.out())
          .isEqualTo("already registered: checkout v1 as " + id + " (" + size + " B)\n");
    }

    @Test
    void listAndShow_printTables() throws Exception {
      run("artifact", "push", artifactDir("checkout", "v1").toString());
      Run list = run("artifact", "list");
      assertThat(list.out().lines().toList())
          .hasSize(2)
          .first()
          .asString()
          .startsWith("ARTIFACT      SERVICE   VERSION  SIZE");
      String shortId = list.out().lines().toList().get(1).substring(0, 12);
      Run show = run("artifact", "show", shortId.substring(0, 6));
      assertThat(show.exitCode()).isZero();
      assertThat(show.out())
          .contains("service      checkout\n")
          .contains("command      [\"java\",\"-jar\",\"app.jar\"]\n")
          .contains("readiness    GET /ready within 1m30s\n")
          .contains("drain        10s\n")
          .contains("env          MODE=fast\n");
    }

    @Test
    void push_invalidManifest_printsTheServersReasonAndExits4() throws Exception {
      Path source = artifactDir("checkout", "v2");
      Files.writeString(source.resolve("conveyor.yaml"), "service: checkout\nversion: v2\n");
      Run run = run("artifact", "push", source.toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.REFUSED);
      assertThat(run.err()).isEqualTo("conveyor: conveyor.yaml:1: missing key 'run'\n");
      assertThat(run.out()).isEmpty();
    }

    @Test
    void push_missingPath_isAUsageError() {
      Run run = run("artifact", "push", dir.resolve("nowhere").toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err()).isEqualTo("conveyor: " + dir.resolve("nowhere") + " does not exist\n");
    }
  }

  @Nested
  class Capture {
    @Test
    void capture_startShowSaveStop_andShowAfterStop_isRefusedWithTheFix() throws Exception {
      assertThat(run("fleet", "expose", "checkout", "--env", "production").exitCode()).isZero();
      Run start = run("fleet", "capture", "start", "checkout", "--sample", "0.5", "--limit", "50");
      assertThat(start.exitCode()).as(start.err()).isZero();
      assertThat(start.out())
          .isEqualTo(
              "capturing 50.0% of checkout/production's requests, up to 50; see it with 'conveyor"
                  + " fleet capture show checkout --env production'\n");
      Path saved = dir.resolve("requests.jsonl");
      Run show = run("fleet", "capture", "show", "checkout", "--save", saved.toString());
      assertThat(show.exitCode()).as(show.err()).isZero();
      assertThat(show.out())
          .startsWith("checkout/production: 0 of 50 requests captured (0 seen, 0 skipped) since ")
          .endsWith("; saved to " + saved + "\n");
      assertThat(saved).exists().isEmptyFile();
      Run stop = run("fleet", "capture", "stop", "checkout");
      assertThat(stop.out()).isEqualTo("capture of checkout/production stopped\n");
      Run gone = run("fleet", "capture", "show", "checkout");
      assertThat(gone.exitCode()).isEqualTo(ExitCode.REFUSED);
      assertThat(gone.err())
          .isEqualTo(
              "conveyor: fleet checkout/production has no request capture: start one with POST"
                  + " /api/fleets/checkout/production/capture and {\"sample\": 0.1, \"limit\":"
                  + " 200}\n");
    }
  }

  @Nested
  class Plans {
    private String push() throws IOException {
      Path source = artifactDir("checkout", "v1");
      String id = ArtifactArchive.pack(source, dir.resolve("v1.tar.gz")).value();
      assertThat(run("artifact", "push", source.toString()).exitCode()).isZero();
      return id;
    }

    @Test
    void plan_printsEachStepWithTheCandidatesShareAfterIt_andAppliesNothing() throws Exception {
      String id = push();
      String shortId = id.substring("sha256:".length(), "sha256:".length() + 12);
      Run plan = run("plan", "checkout", id.substring(7, 13), "--instances", "2");
      assertThat(plan.exitCode()).as(plan.err()).isZero();
      String launch = "launch new-%s from artifact " + shortId;
      assertThat(plan.out().lines())
          .containsExactly(
              "  #  STEP                                     CANDIDATE'S SHARE AFTER",
              "  1  " + launch.formatted(1) + "  0.0%",
              "  2  activate new-1 with weight 5000          100.0%",
              "  3  " + launch.formatted(2) + "  100.0%",
              "  4  activate new-2 with weight 5000          100.0%",
              "",
              "4 steps, 2 launches; waits 0s to 0s (verifications between their minimum and"
                  + " maximum), plus launch and drain times",
              "largest share of traffic the candidate gets: 100.0%");
      assertThat(run("deployment", "list").out()).doesNotContain("checkout");
    }

    @Test
    void plan_unknownBaseline_isRefusedNamingTheChoices() throws Exception {
      String id = push();
      Run plan = run("plan", "checkout", id.substring(7, 13), "--baseline", "warm");
      assertThat(plan.exitCode()).isEqualTo(ExitCode.REFUSED);
      assertThat(plan.err())
          .isEqualTo(
              "conveyor: baseline 'warm' is not known: choose fresh (a new instance of the old"
                  + " version beside the candidate) or fleet (the instances serving now)\n");
    }
  }

  @Nested
  class HistoryAndStatus {
    @Test
    void history_listsEventsOldestFirst_withActorAndCause() throws Exception {
      run("artifact", "push", artifactDir("checkout", "v1").toString());
      clock.advance(Duration.ofMinutes(5));
      run("artifact", "push", artifactDir("checkout", "v2").toString());
      Run history = run("history");
      List<String> lines = history.out().lines().toList();
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).startsWith("SEQ  TIME                  ACTOR");
      assertThat(lines.get(1))
          .startsWith("1    2026-11-22 10:00:00Z  " + System.getProperty("user.name"))
          .contains("command:artifact push req-")
          .endsWith("artifact checkout v1 registered (" + lines.get(1).split("\\(")[1]);
      assertThat(lines.get(2)).startsWith("2    2026-11-22 10:05:00Z");
    }

    @Test
    void historyAt_showsTheStateThenAndTheEventsUpToIt() throws Exception {
      run("artifact", "push", artifactDir("checkout", "v1").toString());
      clock.advance(Duration.ofMinutes(5));
      run("artifact", "push", artifactDir("checkout", "v2").toString());
      Run at = run("history", "--at", "2026-11-22T10:01:00Z");
      List<String> lines = at.out().lines().toList();
      assertThat(lines.get(0)).startsWith("after event 1 (2026-11-22 10:00:00Z, hash ");
      assertThat(lines).contains("no instances");
      assertThat(at.out()).doesNotContain("checkout v2");
    }

    @Test
    void status_json_isTheServersAnswer() {
      Run status = run("status", "-o", "json");
      assertThat(status.out()).contains("\"seq\" : 0").contains("\"fleets\" : [ ]");
    }

    @Test
    void badTime_isAUsageError() {
      Run run = run("status", "--at", "yesterday");
      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .isEqualTo(
              "conveyor: 'yesterday' is not a time: give one such as 2026-11-22T10:00:00Z,"
                  + " '2026-11-22 10:00', '10m ago' or 'now'\n");
    }

    @Test
    void verify_brokenChain_namesTheSequenceAndExits1() throws Exception {
      run("artifact", "push", artifactDir("checkout", "v1").toString());
      run("artifact", "push", artifactDir("checkout", "version-to-break").toString());
      assertThat(run("history", "verify").out())
          .isEqualTo("history verified: 2 events, hash chain intact up to sequence 2\n");
      server.close();
      Path db = dir.resolve("data/history.db");
      byte[] bytes = Files.readAllBytes(db);
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int at = text.indexOf("version-to-break\"");
      assertThat(at).isPositive();
      bytes[at] = 'V';
      Files.write(db, bytes);
      server =
          ConveyorServer.start(ServerSettings.defaults(dir.resolve("data")).withPort(0), clock);

      Run verify = run("history", "verify");
      assertThat(verify.exitCode()).isEqualTo(ExitCode.NEGATIVE);
      assertThat(verify.out())
          .startsWith("history broken at sequence 2: its content does not match its hash");
    }
  }

  @Nested
  class Failures {
    @Test
    void noServer_oneLineSayingHowToStartOne() throws IOException {
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      Run run = runRaw("--server", "http://127.0.0.1:" + port, "status");
      assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
      assertThat(run.err())
          .isEqualTo(
              "conveyor: no Conveyor server answers at http://127.0.0.1:"
                  + port
                  + " (connection refused); start one with 'conveyor server', or point --server or"
                  + " CONVEYOR_SERVER at a running one\n");
    }

    @Test
    void badServerUrl_isAUsageError() {
      Run run = runRaw("--server", "ftp://x", "status");
      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .isEqualTo(
              "conveyor: 'ftp://x' is not a server URL; give one like http://127.0.0.1:7070\n");
    }

    @Test
    void demo_withoutTheShopsArtifacts_saysHowToBuildThem() {
      Run run = runRaw("demo", "--artifacts", dir.resolve("none").toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .isEqualTo(
              "conveyor: the example shop's artifacts are not in "
                  + dir.resolve("none")
                  + " (no v1/conveyor.yaml); build them with './mvnw -pl examples/shop package',"
                  + " or give --artifacts DIR\n");
    }

    @Test
    void demo_onAnExistingDataDirectory_isRefused() throws IOException {
      Path shop = dir.resolve("shop");
      for (String version : List.of("v1", "v2", "v3")) {
        artifactDir("shop", version);
        Files.createDirectories(shop);
        Files.move(dir.resolve("shop-" + version), shop.resolve(version));
      }
      Run run =
          runRaw("demo", "--artifacts", shop.toString(), "--data", dir.resolve("data").toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .isEqualTo(
              "conveyor: --data "
                  + dir.resolve("data")
                  + " already exists; the demo starts from an empty data directory, so give a new"
                  + " one or leave --data out\n");
    }

    @Test
    void unknownCommand_isAUsageErrorWithAHint() {
      Run run = runRaw("frobnicate");
      assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(run.err())
          .isEqualTo(
              "conveyor: Unmatched argument at index 0: 'frobnicate'\nsee 'conveyor --help'\n");
    }

    @Test
    void secondServerOnTheSameData_isRefusedNamingTheHolder() {
      Run run = runRaw("server", "--data", dir.resolve("data").toString(), "--port", "0");
      assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
      assertThat(run.err())
          .isEqualTo(
              "conveyor: data directory "
                  + dir.resolve("data")
                  + " is in use by another Conveyor server (pid "
                  + ProcessHandle.current().pid()
                  + "); stop it, or start this one with another --data directory\n");
    }
  }
}
