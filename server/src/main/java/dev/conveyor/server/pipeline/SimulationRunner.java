package dev.conveyor.server.pipeline;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.plan.Durations;
import dev.conveyor.core.score.SimulationResult;
import dev.conveyor.core.score.SimulationSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a stage's simulation command as a real child process in the candidate's unpacked directory,
 * under the spec's timeout, and turns its exit code and last output line into a {@link
 * SimulationResult}.
 *
 * <p>Each word of the command may hold placeholders such as {@code {target}} (the candidate's base
 * URL) and {@code {artifact}} (its directory), replaced by the values given; a placeholder with no
 * value is refused before anything runs. Standard output and error are read together and only their
 * last {@link #OUTPUT_CAP_BYTES} are kept. On timeout the command and every process it started are
 * killed.
 */
public final class SimulationRunner {
  /** Output kept per run: the summary is the last line; 64 KiB holds it and the lines before. */
  public static final int OUTPUT_CAP_BYTES = 64 * 1024;

  /** How long the output may stay open after the command exits (a child of it may hold it). */
  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

  /** A killed process is gone within milliseconds; this bounds the wait if the kernel is slow. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)\\}");

  private static final Pattern ENOENT = Pattern.compile("error(=|: )2\\b");

  /** The exit code shells give a command they cannot find. */
  static final int NOT_FOUND = 127;

  /**
   * Runs {@code spec}'s command in {@code workingDirectory} and waits for it, at most the spec's
   * timeout.
   *
   * @param placeholders values for {@code {name}} placeholders, e.g. {@code target} and {@code
   *     artifact}
   * @return exit code and summary; a command that could not start or timed out is a failed result
   *     that says so
   * @throws InvalidInputException when the command names a placeholder with no value, or the
   *     working directory does not exist
   */
  public SimulationResult run(
      SimulationSpec spec, Path workingDirectory, Map<String, String> placeholders) {
    List<String> command = command(spec.command(), placeholders);
    if (!Files.isDirectory(workingDirectory)) {
      throw new InvalidInputException(
          "the simulation's working directory " + workingDirectory + " is not a directory");
    }
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
    } catch (IOException e) {
      return new SimulationResult(NOT_FOUND, cut(notStarted(command.get(0), workingDirectory, e)));
    }
    OutputTail tail = new OutputTail(OUTPUT_CAP_BYTES);
    Thread reader = Thread.ofVirtual().name("simulation-output").start(() -> drain(process, tail));
    try {
      if (!process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        killTree(process.toHandle());
        process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        reader.join(OUTPUT_GRACE);
        return new SimulationResult(exitCode(process), cut(timedOut(spec.timeout(), tail.text())));
      }
      if (!reader.join(OUTPUT_GRACE)) {
        // The command exited but something it started still holds the output open.
        process.getInputStream().close();
      }
      return SimulationResult.of(process.exitValue(), tail.text());
    } catch (InterruptedException e) {
      killTree(process.toHandle());
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the simulation " + command, e);
    } catch (IOException e) {
      return SimulationResult.of(process.exitValue(), tail.text());
    }
  }

  /** The command's words with every placeholder replaced by its value. */
  static List<String> command(List<String> words, Map<String, String> placeholders) {
    List<String> out = new ArrayList<>();
    for (String word : words) {
      Matcher matcher = PLACEHOLDER.matcher(word);
      StringBuilder replaced = new StringBuilder();
      while (matcher.find()) {
        String value = placeholders.get(matcher.group(1));
        if (value == null) {
          throw new InvalidInputException(
              "the simulation's command "
                  + words
                  + " uses the placeholder {"
                  + matcher.group(1)
                  + "}, which has no value; known placeholders: "
                  + known(placeholders));
        }
        matcher.appendReplacement(replaced, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(replaced);
      out.add(replaced.toString());
    }
    return List.copyOf(out);
  }

  private static String known(Map<String, String> placeholders) {
    if (placeholders.isEmpty()) {
      return "none";
    }
    List<String> names = new ArrayList<>();
    new TreeSet<>(placeholders.keySet()).forEach(name -> names.add("{" + name + "}"));
    return String.join(", ", names);
  }

  private static void drain(Process process, OutputTail tail) {
    byte[] buffer = new byte[8192];
    try (InputStream in = process.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        tail.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // The stream was closed under us: the command is over.
    }
  }

  /** Why the program did not start: usually it is neither on the PATH nor in the directory. */
  private static String notStarted(String program, Path workingDirectory, IOException e) {
    String hint = "; check the simulation's command in the pipeline config";
    // The JDK reports a missing program (ENOENT) as "…: error=2, No such file or directory" or,
    // with the posix_spawn launcher, "…: Exec failed, error: 2 (No such file or directory)".
    if (ENOENT.matcher(String.valueOf(e.getMessage())).find()) {
      return "command not found: '"
          + program
          + "' is neither on the PATH nor in "
          + workingDirectory
          + hint;
    }
    return "could not run '" + program + "' in " + workingDirectory + ": " + e.getMessage() + hint;
  }

  /** {@code timed out after 30s}, and the last line printed before, if any. */
  private static String timedOut(Duration timeout, String output) {
    String summary = "timed out after " + Durations.human(timeout);
    String last = SimulationResult.of(0, output).summary();
    return last.isEmpty() ? summary : summary + "; last output: " + last;
  }

  /** One line of evidence, as {@link SimulationResult#of} cuts it. */
  private static String cut(String summary) {
    return summary.length() > 200 ? summary.substring(0, 200) + "..." : summary;
  }

  /** The killed process's exit code, e.g. 137 for SIGKILL; -1 if it is somehow still running. */
  private static int exitCode(Process process) {
    try {
      return process.exitValue();
    } catch (IllegalThreadStateException e) {
      return -1;
    }
  }

  /**
   * SIGKILL for the process and everything it started. The descendants are listed first: once the
   * parent is gone its children are re-parented and no longer found from it.
   */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> descendants = root.descendants().toList();
    root.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : descendants) {
      waitGone(handle);
    }
    waitGone(root);
  }

  private static void waitGone(ProcessHandle handle) {
    try {
      handle.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Still there after KILL_WAIT, or its exit could not be watched: nothing more to do.
    }
  }
}
