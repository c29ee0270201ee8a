package dev.conveyor.cli;

import dev.conveyor.server.pipeline.ReportKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The quality reports under a directory, as a submission sends them: every file, at any depth,
 * whose name {@link ReportKind#byName} recognises, keyed by its path relative to the directory
 * (with {@code /}), so that the server's errors name the file a person can open.
 */
final class ReportFiles {
  private ReportFiles() {}

  static Map<String, String> read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CliException(
          ExitCode.USAGE,
          "--reports "
              + dir
              + (Files.exists(dir) ? " is not a directory" : " does not exist")
              + "; give the directory your build writes its reports to, e.g. target");
    }
    Map<String, String> reports = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name =
            dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (ReportKind.byName(name).isPresent()) {
          reports.put(name, text(file));
        }
      }
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot read " + dir + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new CliException(
          ExitCode.USAGE, "cannot read " + dir + ": " + e.getCause().getMessage(), e);
    }
    if (reports.isEmpty()) {
      throw new CliException(
          ExitCode.USAGE, "no reports under " + dir + "; looked for " + ReportKind.RECOGNISED);
    }
    return reports;
  }

  private static String text(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new CliException(ExitCode.USAGE, "cannot read " + file + ": it is not UTF-8 text", e);
    }
  }
}
