package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code conveyor demo}, the README's first command, run as a person runs it: the packaged jar. */
class DemoTests {
  @TempDir Path work;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void demo_rollsTheBadCanaryBack_promotesTheGoodOne_andNoClientRequestFails()
      throws IOException, InterruptedException {
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    Path data = work.resolve("data");
    Path log = work.resolve("demo.log");
    ProcessBuilder demo =
        new ProcessBuilder(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-jar",
                System.getProperty("conveyor.jar"),
                "demo",
                "--data",
                data.toString(),
                "--artifacts",
                System.getProperty("conveyor.shop.artifacts"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    demo.environment().put("PATH", java.getParent() + ":" + System.getenv("PATH"));
    Process process = demo.start();
    boolean ended = process.waitFor(9, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    try {
      assertThat(ended).as(output).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("shop-1 succeeded")
          .containsPattern("shop-2 failed: step 5 failed: fail after \\d+s: errors: candidate")
          .contains("rolled back by shop-3")
          .contains("shop-4 succeeded: all 17 steps done")
          .contains("failures     none")
          .contains("history: history verified:")
          .contains("== Done: v2 was rolled back by its own measurements, v3 was promoted");
      List<String> fleet =
          output.lines().filter(line -> line.startsWith("shop/production ")).toList();
      assertThat(fleet).as(output).hasSize(3).allMatch(line -> line.contains(" v3 "));
    } finally {
      // The demo stops its instances when it ends; a killed demo must not leave them running.
      InstanceProcesses.killAll(data);
    }
    assertThat(InstanceProcesses.under(data)).isEmpty();
  }
}
