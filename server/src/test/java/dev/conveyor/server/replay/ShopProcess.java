package dev.conveyor.server.replay;

import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.examples.shop.ShopServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One version of the example shop as a real child process, from the shop module's classes and the
 * version's {@code shop.properties} in {@code examples/shop/src/artifacts}, on a free port.
 */
final class ShopProcess implements AutoCloseable {
  /** The shop module's sources, from this module's directory (where surefire runs tests). */
  static final Path SHOP = Path.of("..", "examples", "shop", "src").toAbsolutePath().normalize();

  private static final Pattern LISTENING = Pattern.compile("listening on http://([^:]+):(\\d+)");

  private final Process process;
  private final Endpoint endpoint;

  private ShopProcess(Process process, Endpoint endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Starts version {@code version} (v1 to v4) and returns once it listens. */
  static ShopProcess start(String version) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    classes().toString(),
                    "dev.conveyor.examples.shop.Main",
                    "--config",
                    SHOP.resolve("artifacts")
                        .resolve(version)
                        .resolve("shop.properties")
                        .toString()))
            .redirectErrorStream(true);
    builder.environment().put("PORT", "0");
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    Matcher listening = line == null ? null : LISTENING.matcher(line);
    if (listening == null || !listening.find()) {
      process.destroyForcibly();
      throw new IllegalStateException("shop " + version + " did not start: " + line);
    }
    Thread.ofVirtual().start(() -> drain(out)); // a full pipe would block the shop's prints
    return new ShopProcess(
        process, Endpoint.of(listening.group(1), Integer.parseInt(listening.group(2))));
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard
      }
    } catch (IOException ended) {
      // the process is gone
    }
  }

  private static Path classes() {
    try {
      return Path.of(ShopServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The shop's standard replay set, as kept in the repository. */
  static String standardSet() {
    try {
      return Files.readString(SHOP.resolve("replay").resolve("standard.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
