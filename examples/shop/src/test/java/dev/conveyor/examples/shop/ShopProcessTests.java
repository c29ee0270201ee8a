package dev.conveyor.examples.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shop as a real child process, started as a manifest's command would start it. */
class ShopProcessTests {
  private static final Pattern LISTENING =
      Pattern.compile("shop (\\S+) listening on (http://127\\.0\\.0\\.1:\\d+) .*");

  @TempDir Path dir;
  private Process process;
  private Thread reader;
  private final LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
    client.close();
  }

  private Process launch(Path config, String port) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                Path.of("target/classes").toAbsolutePath().toString(),
                Main.class.getName(),
                "--config",
                config.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true);
    builder.environment().remove("SHOP_CONFIG");
    if (port == null) {
      builder.environment().remove("PORT");
    } else {
      builder.environment().put("PORT", port);
    }
    process = builder.start();
    reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    lines.lines().forEach(stdout::add);
                  } catch (IOException | UncheckedIOException e) {
                    // the process is gone
                  }
                });
    return process;
  }

  private String nextLine() throws InterruptedException {
    String line = stdout.poll(30, TimeUnit.SECONDS);
    assertThat(line).as("a line from the shop within 30 s").isNotNull();
    return line;
  }

  private HttpResponse<String> get(URI url) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void sigterm_finishesTheRequestInFlight_andExitsZero() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("shop.properties"), "version=v7\nlatency.base.ms=1500\nseed=3\n");
    launch(config, "0");

    Matcher listening = LISTENING.matcher(nextLine());
    assertThat(listening.matches()).isTrue();
    assertThat(listening.group(1)).isEqualTo("v7");
    URI url = URI.create(listening.group(2));
    HttpResponse<String> ready = get(url.resolve("/ready"));
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.headers().firstValue("X-Shop-Version")).hasValue("v7");

    CompletableFuture<HttpResponse<String>> slow =
        client.sendAsync(
            HttpRequest.newBuilder(url.resolve("/products/2")).build(),
            HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!get(url.resolve("/health")).body().contains("\"inFlight\":1,")) {
      assertThat(System.nanoTime())
          .as("the slow request in flight within 30 s")
          .isLessThan(deadline);
    }
    // SIGTERM through the handle: Process.destroy() would also close our end of its stdout.
    assertThat(process.toHandle().destroy()).isTrue();

    assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(reader.join(Duration.ofSeconds(30))).as("the shop's stdout closed").isTrue();
    List<String> rest = new ArrayList<>();
    stdout.drainTo(rest);
    assertThat(rest).containsExactly("shop v7 draining", "shop v7 stopped");
  }

  @Test
  void portUnset_exitsTwoWithOneLine() throws Exception {
    Path config = Files.writeString(dir.resolve("shop.properties"), "version=v1\n");
    launch(config, null);

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(nextLine())
        .isEqualTo(
            "shop: PORT is not set: set it to the TCP port to listen on (1 to 65535, or 0 for"
                + " any)");
  }
}
