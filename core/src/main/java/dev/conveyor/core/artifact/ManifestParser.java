package dev.conveyor.core.artifact;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.config.Snippet;
import dev.conveyor.core.config.YamlMapping;
import dev.conveyor.core.config.YamlNode;
import dev.conveyor.core.config.YamlScalar;
import dev.conveyor.core.config.YamlSequence;
import dev.conveyor.core.fleet.ServiceName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a {@code conveyor.yaml} into a {@link Manifest}. Every problem, including a rule a record
 * enforces, comes out as a {@link ConfigException} naming the file and line.
 *
 * <pre>{@code
 * service: checkout                  # required, a service name
 * version: v1                        # required, 1 to 128 characters without whitespace
 * run:                               # required
 *   command: [java, -jar, shop.jar]  # required, a list of arguments (never a shell string)
 *   env: {SHOP_FAILURE_RATE: "0.05"} # optional
 *   port: PORT                       # optional, the variable that carries the port
 * readiness:                         # required
 *   path: /ready                     # required
 *   timeout: 30s                     # optional
 * drain:                             # optional
 *   timeout: 10s                     # optional
 * provenance:                        # optional, and so is each part
 *   commit: 3f2a9c1
 *   author: alice@example.com
 *   built: 2026-11-22T10:00:00Z
 * }</pre>
 */
public final class ManifestParser {
  private static final int MAX_VERSION_LENGTH = 128;
  private static final String NAME_RULE = "letters, digits and '_', not starting with a digit";

  private ManifestParser() {}

  /**
   * Parses a manifest.
   *
   * @param fileName how errors name the file, usually {@link Manifest#FILE_NAME}
   * @throws ConfigException naming the file and line of the first problem found
   */
  public static Manifest parse(String text, String fileName) {
    ConfigReader root =
        ConfigReader.parse(text, fileName)
            .allowOnly("service", "version", "run", "readiness", "drain", "provenance");
    ServiceName service = root.string("service", ServiceName::of);
    String version = version(root);

    ConfigReader run = root.child("run").allowOnly("command", "env", "port");
    List<String> command = command(run);
    Map<String, String> env = env(run);
    String portVariable = portVariable(run);

    ConfigReader readiness = root.child("readiness").allowOnly("path", "timeout");
    String readinessPath = readinessPath(readiness);
    Duration readinessTimeout =
        readiness.optionalDuration("timeout").orElse(Manifest.DEFAULT_READINESS_TIMEOUT);
    if (!readinessTimeout.isPositive()) {
      throw readiness.error(
          readiness.lineOf("timeout"),
          "'readiness.timeout' must be a positive duration, got "
              + Snippet.quoted(readiness.string("timeout")));
    }

    Duration drainTimeout =
        root.optionalChild("drain")
            .flatMap(drain -> drain.allowOnly("timeout").optionalDuration("timeout"))
            .orElse(Manifest.DEFAULT_DRAIN_TIMEOUT);
    Provenance provenance =
        root.optionalChild("provenance").map(ManifestParser::provenance).orElse(Provenance.NONE);
    root.done();

    try {
      return new Manifest(
          service,
          version,
          command,
          env,
          portVariable,
          readinessPath,
          readinessTimeout,
          drainTimeout,
          provenance);
    } catch (InvalidInputException e) {
      // The checks above should leave the record nothing to refuse; if it does, still say where.
      throw new ConfigException(fileName, root.line(), e.getMessage(), e);
    }
  }

  private static String version(ConfigReader root) {
    String version = root.string("version");
    boolean valid =
        !version.isEmpty()
            && version.codePointCount(0, version.length()) <= MAX_VERSION_LENGTH
            && version
                .codePoints()
                .noneMatch(
                    c ->
                        Character.isWhitespace(c)
                            || Character.isSpaceChar(c)
                            || Character.isISOControl(c));
    if (!valid) {
      throw root.error(
          root.lineOf("version"),
          "'version' must be 1 to "
              + MAX_VERSION_LENGTH
              + " characters without whitespace, got "
              + Snippet.quoted(version));
    }
    return version;
  }

  private static List<String> command(ConfigReader run) {
    YamlNode node = run.node("command");
    if (node instanceof YamlScalar scalar && !scalar.isNull()) {
      if (scalar.value().isBlank()) {
        throw run.error(
            node.line(), "'run.command' must be a list of arguments, got an empty string");
      }
      String hint =
          Stream.of(scalar.value().strip().split("\\s+"))
              .map(word -> '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
              .collect(Collectors.joining(", ", "[", "]"));
      throw run.error(
          node.line(),
          "'run.command' must be a list of arguments, not a shell string: write " + hint);
    }
    List<String> command = run.stringList("command");
    if (command.isEmpty()) {
      throw run.error(
          node.line(), "'run.command' must be a list of at least one argument, got an empty list");
    }
    if (node instanceof YamlSequence sequence) {
      for (int i = 0; i < command.size(); i++) {
        if (command.get(i).isEmpty()) {
          throw run.error(
              sequence.items().get(i).line(),
              "'run.command[" + i + "]' must be a non-empty string, got ''");
        }
      }
    }
    return command;
  }

  private static Map<String, String> env(ConfigReader run) {
    if (run.optionalNode("env").orElse(null) instanceof YamlMapping mapping) {
      for (YamlMapping.Entry entry : mapping.entries()) {
        if (!isVariableName(entry.key().value())) {
          throw run.error(
              entry.key().line(),
              "'run.env' variable "
                  + Snippet.quoted(entry.key().value())
                  + " is not a valid name: use "
                  + NAME_RULE);
        }
      }
    }
    return run.optionalStringMap("env").orElse(Map.of());
  }

  private static String portVariable(ConfigReader run) {
    String name = run.optionalString("port").orElse(Manifest.DEFAULT_PORT_VARIABLE);
    if (!isVariableName(name)) {
      throw run.error(
          run.lineOf("port"),
          "'run.port' must be the name of the environment variable that carries the port, such as"
              + " PORT ("
              + NAME_RULE
              + "), got "
              + Snippet.quoted(name));
    }
    return name;
  }

  /** {@code [A-Za-z_][A-Za-z0-9_]*}, checked without a regex so long input costs linear time. */
  private static boolean isVariableName(String name) {
    if (name.isEmpty() || (name.charAt(0) >= '0' && name.charAt(0) <= '9')) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String readinessPath(ConfigReader readiness) {
    String path = readiness.string("path");
    if (!path.startsWith("/")) {
      throw readiness.error(
          readiness.lineOf("path"),
          "'readiness.path' must start with '/', got " + Snippet.quoted(path));
    }
    return path;
  }

  private static Provenance provenance(ConfigReader provenance) {
    provenance.allowOnly("commit", "author", "built");
    return new Provenance(
        provenance.optionalString("commit").orElse(null),
        provenance.optionalString("author").orElse(null),
        provenance.optionalInstant("built").orElse(null));
  }
}
