package dev.conveyor.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shop's contract: every order of the standard data set settles. It runs against the version
 * whose {@code shop.properties} the system property {@value #CONFIG_PROPERTY} names, v1's by
 * default; the build runs it a second time against v2's (surefire execution {@code contract-v2},
 * reports in {@code target/surefire-reports-v2/}), where it fails on purpose: that report is the
 * real failing test report the pipeline's tests score.
 */
class CheckoutContractTests {
  static final String CONFIG_PROPERTY = "shop.contract.config";

  @Test
  void standardOrders_allSettle() {
    Path file = Path.of(System.getProperty(CONFIG_PROPERTY, "src/artifacts/v1/shop.properties"));
    ByteArrayOutputStream failures = new ByteArrayOutputStream();
    Simulation.Outcome outcome;
    try (ShopServer shop = ShopServer.start(ShopConfig.load(file), 0);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      outcome =
          Simulation.run(
              shop.url(),
              Simulation.standardOrders(),
              client,
              new PrintStream(failures, true, StandardCharsets.UTF_8));
    }

    assertThat(outcome.summary())
        .as(
            "the checkout contract against %s (the build's contract-v2 execution expects this"
                + " to fail for v2 and ignores it); unsettled:%n%s",
            file, failures.toString(StandardCharsets.UTF_8))
        .isEqualTo("60 of 60 orders settled");
  }
}
