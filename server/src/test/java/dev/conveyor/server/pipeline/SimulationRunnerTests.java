package dev.conveyor.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.score.SimulationResult;
import dev.conveyor.core.score.SimulationSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes (sh, sleep, echo) run as a stage's simulation command. */
class SimulationRunnerTests {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir Path dir;
  private final SimulationRunner runner = new SimulationRunner();

  private SimulationResult run(Duration timeout, String... command) {
    return runner.run(
        new SimulationSpec(List.of(command), timeout),
        dir,
        Map.of("target", "http://127.0.0.1:4242", "artifact", dir.toString()));
  }

  @Nested
  class Outcomes {
    @Test
    void exitZero_passesWithTheLastLine() {
      SimulationResult result =
          run(MINUTE, "sh", "-c", "echo placing orders; echo '60 of 60 orders settled'; echo");

      assertThat(result).isEqualTo(new SimulationResult(0, "60 of 60 orders settled"));
      assertThat(result.passed()).isTrue();
    }

    @Test
    void exitNonZero_failsWithTheLastLine_stderrIncluded() {
      SimulationResult result =
          run(
              MINUTE,
              "sh",
              "-c",
              "echo 'order 3 failed'; echo '59 of 60 orders settled' >&2; exit 1");

      assertThat(result).isEqualTo(new SimulationResult(1, "59 of 60 orders settled"));
      assertThat(result.evidence()).isEqualTo("exited with 1: 59 of 60 orders settled");
    }

    @Test
    void backgroundChildHoldingTheOutput_doesNotHoldTheResult() {
      // The shell prints the pid of a sleep it leaves behind, which keeps the output pipe open.
      SimulationResult result = run(MINUTE, "sh", "-c", "sleep 30 & echo $!");

      long sleepPid = Long.parseLong(result.summary());
      Optional<ProcessHandle> sleep = ProcessHandle.of(sleepPid);
      try {
        assertThat(result.exitCode()).isZero();
        assertThat(sleep.map(ProcessHandle::isAlive))
            .as("the result came before sleep 30 ended")
            .hasValue(true);
      } finally {
        sleep.ifPresent(ProcessHandle::destroyForcibly);
      }
    }

    @Test
    void runsInTheWorkingDirectory() throws Exception {
      Files.writeString(dir.resolve("marker.txt"), "in the artifact's directory\n");

      assertThat(run(MINUTE, "cat", "marker.txt").summary())
          .isEqualTo("in the artifact's directory");
    }

    @Test
    void chattyCommand_keepsOnlyTheTail_andItsLastLine() {
      // About 20 MB of output, 300 times the cap: memory stays bounded, the summary is intact.
      SimulationResult result =
          run(MINUTE, "sh", "-c", "yes 'order settled' | head -n 1500000; echo '1500000 settled'");

      assertThat(result).isEqualTo(new SimulationResult(0, "1500000 settled"));
    }
  }

  @Nested
  class Placeholders {
    @Test
    void targetAndArtifact_areReplacedInEachWord() {
      SimulationResult result = run(MINUTE, "echo", "--target={target}", "{artifact}/shop.jar");

      assertThat(result.summary()).isEqualTo("--target=http://127.0.0.1:4242 " + dir + "/shop.jar");
    }

    @Test
    void unknownPlaceholder_isRefusedBeforeRunning() {
      assertThatThrownBy(() -> run(MINUTE, "java", "-jar", "shop.jar", "--target", "{taget}"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "the simulation's command [java, -jar, shop.jar, --target, {taget}] uses the"
                  + " placeholder {taget}, which has no value; known placeholders: {artifact},"
                  + " {target}");
    }

    @Test
    void bracesThatAreNoPlaceholder_stayAsTheyAre() {
      assertThat(SimulationRunner.command(List.of("{\"product\": 1}", "{}"), Map.of()))
          .containsExactly("{\"product\": 1}", "{}");
    }
  }

  @Nested
  class Failures {
    @Test
    void commandNotFound_isAFailedResultNamingIt() {
      SimulationResult result = run(MINUTE, "no-such-simulator", "--target", "{target}");

      assertThat(result.passed()).isFalse();
      assertThat(result)
          .isEqualTo(
              new SimulationResult(
                  127,
                  "command not found: 'no-such-simulator' is neither on the PATH nor in "
                      + dir
                      + "; check the simulation's command in the pipeline config"));
    }

    @Test
    void missingWorkingDirectory_isRefused() {
      Path missing = dir.resolve("unpacked");

      assertThatThrownBy(
              () -> runner.run(new SimulationSpec(List.of("true"), MINUTE), missing, Map.of()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("the simulation's working directory " + missing + " is not a directory");
    }

    @Test
    void sleep30_withA1sTimeout_isKilled_andTheSummarySaysSo() {
      SimulationResult result = run(Duration.ofSeconds(1), "sleep", "30");

      assertThat(result.passed()).isFalse();
      assertThat(result.summary()).isEqualTo("timed out after 1s");
    }

    @Test
    void timeout_killsEveryProcessTheCommandStarted() {
      // The shell starts sleep as its child and prints its pid, then waits for it.
      SimulationResult result = run(Duration.ofSeconds(1), "sh", "-c", "sleep 30 & echo $!; wait");

      String prefix = "timed out after 1s; last output: ";
      assertThat(result.summary()).startsWith(prefix);
      long sleepPid = Long.parseLong(result.summary().substring(prefix.length()));
      Optional<ProcessHandle> sleep = ProcessHandle.of(sleepPid);
      assertThat(sleep.map(ProcessHandle::isAlive))
          .as("sleep 30, pid %s", sleepPid)
          .isNotEqualTo(Optional.of(true));
    }
  }

  @Nested
  class Tail {
    @Test
    void overTheCap_keepsTheLastWholeLines() {
      OutputTail tail = new OutputTail(16);
      byte[] text = "first line\nsecond line\nthird\n".getBytes(StandardCharsets.UTF_8);
      tail.write(text, 0, text.length);

      assertThat(tail.written()).isEqualTo(text.length);
      assertThat(tail.text()).isEqualTo("third\n");
    }

    @Test
    void underTheCap_keepsEverything() {
      OutputTail tail = new OutputTail(64);
      byte[] text = "a\nb\n".getBytes(StandardCharsets.UTF_8);
      tail.write(text, 0, text.length);

      assertThat(tail.text()).isEqualTo("a\nb\n");
    }
  }
}
