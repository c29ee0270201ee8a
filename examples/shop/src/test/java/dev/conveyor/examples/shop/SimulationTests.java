package dev.conveyor.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shop.jar simulate}: the standard orders placed against a real shop on loopback. */
class SimulationTests {
  @TempDir Path dir;
  private final List<ShopServer> servers = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @AfterEach
  void stopAll() {
    servers.forEach(ShopServer::stop);
  }

  private ShopServer start(String version) {
    ShopServer server =
        ShopServer.start(ShopConfig.load(Path.of("src/artifacts", version, "shop.properties")), 0);
    servers.add(server);
    return server;
  }

  private int simulate(String... args) {
    return SimulateCommand.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> stdout() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @Nested
  class PackagedVersions {
    @Test
    void v1_settlesEveryOrder_exitsZero() {
      ShopServer shop = start("v1");

      assertThat(simulate("--target", shop.url().toString())).isZero();
      assertThat(stdout()).containsExactly("60 of 60 orders settled");
    }

    @Test
    void v3AndV4_settleEveryOrder() {
      for (String version : List.of("v3", "v4")) {
        out.reset();
        ShopServer shop = start(version);

        assertThat(simulate("--target", shop.url().toString())).as(version).isZero();
        assertThat(stdout()).as(version).containsExactly("60 of 60 orders settled");
      }
    }

    @Test
    void v2_failsThreeCheckouts_linePerFailureAndSummary_exitsOne() {
      ShopServer shop = start("v2");

      assertThat(simulate("--target", shop.url().toString())).isEqualTo(1);
      String injected =
          ": POST /checkout 500: checkout failed: injected by checkout.failure.rate=0.05 (this"
              + " version fails that share of checkouts on purpose)";
      assertThat(stdout())
          .containsExactly(
              "order 3 (product 3 × 3) failed" + injected,
              "order 23 (product 3 × 2) failed" + injected,
              "order 35 (product 5 × 2) failed" + injected,
              "57 of 60 orders settled; 3 failed: POST /checkout 500 (3×)");
    }
  }

  @Nested
  class DataSets {
    @Test
    void standardOrders_areSixty() {
      assertThat(Simulation.standardOrders()).hasSize(Simulation.STANDARD_SIZE);
    }

    @Test
    void dataFile_replacesTheStandardOrders() throws Exception {
      ShopServer shop = start("v1");
      Path data =
          Files.writeString(
              dir.resolve("orders.json"),
              "[{\"product\": 1, \"quantity\": 1}, {\"product\": 99, \"quantity\": 1}]");

      assertThat(simulate("--target", shop.url().toString(), "--data", data.toString()))
          .isEqualTo(1);
      assertThat(stdout())
          .containsExactly(
              "order 2 (product 99 × 1) failed: POST /checkout 400: no product 99: GET /products"
                  + " lists them",
              "1 of 2 orders settled; 1 failed: POST /checkout 400 (1×)");
    }

    @Test
    void orderWithoutQuantity_namesTheOrder() {
      assertThatThrownBy(() -> Simulation.readOrders("[{\"product\": 1}]", "orders.json"))
          .isInstanceOf(ShopConfigException.class)
          .hasMessage(
              "orders.json: order 1 needs 'quantity' as a whole number, got null; a data set is a"
                  + " JSON array of orders such as [{\"product\": 1, \"quantity\": 2}]");
    }

    @Test
    void emptyArray_isRefused() {
      assertThatThrownBy(() -> Simulation.readOrders("[]", "orders.json"))
          .hasMessage(
              "orders.json must be a non-empty JSON array of orders; a data set is a JSON array of"
                  + " orders such as [{\"product\": 1, \"quantity\": 2}]");
    }
  }

  @Nested
  class Usage {
    @Test
    void noTarget_exitsTwoWithTheFix() {
      assertThat(simulate()).isEqualTo(2);
      assertThat(stderr())
          .isEqualTo(
              "shop simulate: --target is required: the base URL of the shop to place orders"
                  + " with; usage: java -jar shop.jar simulate --target http://127.0.0.1:PORT"
                  + " [--data FILE]");
    }

    @Test
    void targetNotAUrl_exitsTwo() {
      assertThat(simulate("--target", "localhost:8080")).isEqualTo(2);
      assertThat(stderr())
          .isEqualTo(
              "shop simulate: --target must be an http:// URL with a host, such as"
                  + " http://127.0.0.1:8080, got 'localhost:8080'");
    }

    @Test
    void missingDataFile_exitsTwo() {
      Path missing = dir.resolve("missing.json");

      assertThat(simulate("--target", "http://127.0.0.1:1", "--data", missing.toString()))
          .isEqualTo(2);
      assertThat(stderr())
          .isEqualTo(
              "shop simulate: the data file "
                  + missing
                  + " does not exist; leave out --data for the standard orders");
    }

    @Test
    void unknownArgument_exitsTwo() {
      assertThat(simulate("--target", "http://127.0.0.1:1", "--fast")).isEqualTo(2);
      assertThat(stderr())
          .isEqualTo(
              "shop simulate: unknown argument '--fast'; usage: java -jar shop.jar simulate"
                  + " --target http://127.0.0.1:PORT [--data FILE]");
    }
  }

  @Test
  void asAProcess_againstNothingListening_exitsOneWithConnectionRefused() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                Path.of("target/classes").toAbsolutePath().toString(),
                Main.class.getName(),
                "simulate",
                "--target",
                "http://127.0.0.1:" + port)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    List<String> lines = output.lines().toList();
    assertThat(lines).hasSize(61);
    assertThat(lines.get(0))
        .isEqualTo(
            "order 1 (product 1 × 1) failed: POST /checkout: connection refused: nothing listens"
                + " on http://127.0.0.1:"
                + port
                + "/checkout");
    assertThat(lines.get(60))
        .isEqualTo("0 of 60 orders settled; 60 failed: POST /checkout: connection refused (60×)");
  }
}
