package dev.conveyor.reliability;

import dev.conveyor.cli.ApiClient;
import dev.conveyor.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged Conveyor server ({@code conveyor.jar server}) in a process of its own, as an
 * operator runs it: started, asked whether it answers, stopped with SIGTERM, or killed with
 * SIGKILL. Its output goes to a log file beside the data directory, one per start, so that a
 * failure can show what the server said.
 */
public final class ServerProcess {
  private final Path jar;
  private final Path data;
  private final int port;
  private final Path log;
  private final Process process;

  private final List<String> options;

  private ServerProcess(
      Path jar, Path data, int port, Path log, Process process, List<String> options) {
    this.options = List.copyOf(options);
    this.jar = jar;
    this.data = data;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts {@code java -jar jar server} on {@code data} and {@code port}, with this JVM's JDK first
   * on its PATH (instances inherit it, and the shop's command is {@code java}), and waits until its
   * API answers.
   */
  public static ServerProcess start(Path jar, Path data, int port, int generation, Duration ready) {
    return start(jar, data, port, generation, ready, List.of());
  }

  /** As {@link #start(Path, Path, int, int, Duration)}, with more {@code server} options. */
  public static ServerProcess start(
      Path jar, Path data, int port, int generation, Duration ready, List<String> options) {
    Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    Path log = data.resolveSibling(data.getFileName() + "-server-" + generation + ".log");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(jar.toString());
    command.add("server");
    command.add("--data");
    command.add(data.toString());
    command.add("--port");
    command.add(Integer.toString(port));
    command.add("--stop-instances-on-exit");
    command.addAll(options);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    builder.environment().put("PATH", java.getParent() + ":" + path);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    ServerProcess server = new ServerProcess(jar, data, port, log, process, options);
    server.awaitReady(ready);
    return server;
  }

  /** The same server again on the same data and port, as after a crash. */
  public ServerProcess restart(int generation, Duration ready) {
    return start(jar, data, port, generation, ready, options);
  }

  private void awaitReady(Duration timeout) {
    ApiClient client = client("reliability");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the server exited with " + process.exitValue() + " before it answered:\n" + logTail());
      }
      try {
        client.get("/api/health");
        return;
      } catch (CliException notYet) {
        if (System.nanoTime() > deadline) {
          kill();
          throw new IllegalStateException(
              "the server did not answer within " + timeout + ":\n" + logTail());
        }
        sleep(Duration.ofMillis(50));
      }
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public ApiClient client(String actor) {
    return new ApiClient(url(), actor);
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush, nothing the server can do about it. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  /** SIGTERM, and wait for the server to close (it stops its instances on the way). */
  public int stop(Duration timeout) {
    process.destroy();
    waitFor(timeout);
    return process.exitValue();
  }

  private void waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
        throw new IllegalStateException(
            "the server did not exit within " + timeout + "; killed it:\n" + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the server", e);
    }
  }

  /** The last lines the server wrote. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
