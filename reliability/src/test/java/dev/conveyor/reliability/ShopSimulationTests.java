package dev.conveyor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.score.SimulationResult;
import dev.conveyor.core.score.SimulationSpec;
import dev.conveyor.server.pipeline.SimulationRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulation measure end to end: the shop's packaged artifacts run as real processes, and
 * {@link SimulationRunner} runs the shop's own {@code simulate} command against each, from the
 * artifact's directory. Here rather than in the server, whose build comes before the shop's.
 */
class ShopSimulationTests {
  private static final Pattern LISTENING =
      Pattern.compile("shop (\\S+) listening on (http://127\\.0\\.0\\.1:\\d+) .*");

  private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

  /** What a stage's pipeline config would say, with this JVM's java for the PATH's. */
  private static final SimulationSpec SPEC =
      new SimulationSpec(
          List.of(JAVA, "-jar", "{artifact}/shop.jar", "simulate", "--target", "{target}"),
          Duration.ofMinutes(1));

  private Process shop;

  @AfterEach
  void stop() {
    if (shop != null) {
      shop.destroyForcibly();
    }
  }

  private static Path artifact(String version) {
    return Path.of(
            System.getProperty("conveyor.shop.artifacts", "../examples/shop/target/artifacts"))
        .resolve(version)
        .toAbsolutePath();
  }

  /** Starts the packaged version as its manifest says, on a free port; returns its base URL. */
  private String start(Path artifact) throws Exception {
    assertThat(artifact.resolve("shop.jar"))
        .as("the shop's artifact; build it first with './mvnw -pl examples/shop package'")
        .isRegularFile();
    ProcessBuilder builder =
        new ProcessBuilder(JAVA, "-jar", "shop.jar", "--config", "shop.properties")
            .directory(artifact.toFile())
            .redirectErrorStream(true);
    builder.environment().put("PORT", "0");
    shop = builder.start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(shop.getInputStream(), StandardCharsets.UTF_8));
    String first =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return lines.readLine();
                  } catch (IOException e) {
                    return null;
                  }
                })
            .get(30, TimeUnit.SECONDS);
    Matcher listening = LISTENING.matcher(String.valueOf(first));
    assertThat(listening.matches()).as("the shop's first line: %s", first).isTrue();
    return listening.group(2);
  }

  private SimulationResult simulate(String version) throws Exception {
    Path artifact = artifact(version);
    String target = start(artifact);
    return new SimulationRunner()
        .run(SPEC, artifact, Map.of("target", target, "artifact", artifact.toString()));
  }

  @Test
  void v1_everyStandardOrderSettles_passes() throws Exception {
    SimulationResult result = simulate("v1");

    assertThat(result).isEqualTo(new SimulationResult(0, "60 of 60 orders settled"));
    assertThat(result.score()).isEqualTo(100);
  }

  @Test
  void v2_threeCheckoutsFail_failsWithTheSummary() throws Exception {
    SimulationResult result = simulate("v2");

    assertThat(result)
        .isEqualTo(
            new SimulationResult(1, "57 of 60 orders settled; 3 failed: POST /checkout 500 (3×)"));
    assertThat(result.score()).isZero();
    assertThat(result.evidence())
        .isEqualTo("exited with 1: 57 of 60 orders settled; 3 failed: POST /checkout 500 (3×)");
  }
}
