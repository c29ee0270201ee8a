package dev.conveyor.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four packaged versions in src/artifacts: each manifest runs its own config, and the configs'
 * latency model (computed, not timed) orders the versions as the demo needs.
 */
class PackagedVersionsTests {
  private static final Path ARTIFACTS = Path.of("src/artifacts");

  private static ShopConfig config(String version) {
    return ShopConfig.load(ARTIFACTS.resolve(version).resolve("shop.properties"));
  }

  @Nested
  class Manifests {
    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2", "v3", "v4"})
    void manifest_runsThisVersionsJarAndConfig(String version) throws IOException {
      String manifest = Files.readString(ARTIFACTS.resolve(version).resolve("conveyor.yaml"));

      assertThat(config(version).version()).isEqualTo(version);
      assertThat(manifest.lines().filter(line -> !line.startsWith("#")))
          .containsExactly(
              "service: shop",
              "version: " + version,
              "run:",
              "  command: [java, -jar, shop.jar, --config, shop.properties]",
              "  port: PORT",
              "readiness:",
              "  path: /ready",
              "  timeout: 30s",
              "drain:",
              "  timeout: 10s",
              "provenance:",
              "  author: examples/shop");
    }

    @Test
    void onlyV2_failsCheckouts() {
      assertThat(config("v1").checkoutFailureRate()).isZero();
      assertThat(config("v2").checkoutFailureRate()).isEqualTo(0.05);
      assertThat(config("v3").checkoutFailureRate()).isZero();
      assertThat(config("v4").checkoutFailureRate()).isZero();
    }
  }

  @Nested
  class LatencyModel {
    /** The latencies the version's behaviour gives its first 100,000 requests, in ms, sorted. */
    private double[] latencies(String version) {
      Behaviour behaviour = new Behaviour(config(version));
      double[] millis = new double[100_000];
      for (int i = 0; i < millis.length; i++) {
        millis[i] = behaviour.latencyNanos(i + 1) / 1e6;
      }
      Arrays.sort(millis);
      return millis;
    }

    private double p99(double[] sorted) {
      return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    private double mean(double[] values) {
      return Arrays.stream(values).average().orElseThrow();
    }

    @Test
    void v1_meanIsAFewMilliseconds() {
      assertThat(mean(latencies("v1"))).isBetween(2.0, 5.0);
    }

    @Test
    void v2_waitsLikeV1() {
      assertThat(latencies("v2")).containsExactly(latencies("v1"));
    }

    @Test
    void v3_isFasterThanV1() {
      assertThat(mean(latencies("v3"))).isLessThan(mean(latencies("v1")) * 0.75);
      assertThat(p99(latencies("v3"))).isLessThan(p99(latencies("v1")) * 0.75);
    }

    @Test
    void v4_p99IsHalfAgainV1s() {
      assertThat(p99(latencies("v4")) / p99(latencies("v1"))).isCloseTo(1.5, within(0.05));
    }

    @Test
    void sameSeed_sameLatencies_otherSeedOthers() {
      ShopConfig v1 = config("v1");
      Behaviour once = new Behaviour(v1);
      Behaviour again = new Behaviour(v1);
      Behaviour other = new Behaviour(v1.withSeed(v1.seed() + 1));
      long[] first = new long[1_000];
      long[] second = new long[1_000];
      long[] third = new long[1_000];
      for (int i = 0; i < first.length; i++) {
        first[i] = once.latencyNanos(i + 1);
        second[i] = again.latencyNanos(i + 1);
        third[i] = other.latencyNanos(i + 1);
      }
      assertThat(second).isEqualTo(first);
      assertThat(third).isNotEqualTo(first);
    }
  }
}
