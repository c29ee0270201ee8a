package dev.conveyor.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The instance processes that really run on this machine for one data directory, found the way an
 * operator would look: every process in {@code /proc} whose working directory lies under the data
 * directory's {@code instances/}, named by the {@code CONVEYOR_INSTANCE} in its environment.
 * Independent of Conveyor's own records, which is the point: it checks them.
 */
public final class InstanceProcesses {
  private InstanceProcesses() {}

  /** Instance id → pid, for every live process under {@code data/instances}. */
  public static Map<String, Long> under(Path data) {
    Path instances = data.toAbsolutePath().normalize().resolve("instances");
    Map<String, Long> found = new TreeMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        Optional<Path> cwd = cwd(proc);
        if (cwd.isEmpty() || !cwd.get().startsWith(instances) || zombie(proc)) {
          continue;
        }
        found.put(instanceOf(proc).orElse("pid " + pid), pid);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return found;
  }

  /** Kills (SIGKILL) every process {@link #under} finds: the cleanup after a failed run. */
  public static void killAll(Path data) {
    for (long pid : under(data).values()) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static Optional<Path> cwd(Path proc) {
    try {
      return Optional.of(Files.readSymbolicLink(proc.resolve("cwd")));
    } catch (IOException | SecurityException gone) {
      return Optional.empty(); // exited meanwhile, or not ours
    }
  }

  private static boolean zombie(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    } catch (IOException gone) {
      return true;
    }
  }

  private static Optional<String> instanceOf(Path proc) {
    try {
      String environ = Files.readString(proc.resolve("environ"), StandardCharsets.ISO_8859_1);
      for (String entry : environ.split("\0")) {
        if (entry.startsWith("CONVEYOR_INSTANCE=")) {
          return Optional.of(entry.substring("CONVEYOR_INSTANCE=".length()));
        }
      }
      return Optional.empty();
    } catch (IOException gone) {
      return Optional.empty();
    }
  }
}
