package dev.conveyor.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.fleet.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ManifestParserTests {
  private static final String FILE = Manifest.FILE_NAME;

  private static final String FULL =
      """
      # The manifest of the checkout service.
      service: checkout
      version: v1
      run:
        command: [java, -jar, shop.jar]
        env: {SHOP_FAILURE_RATE: "0.05"}
        port: SHOP_PORT
      readiness:
        path: /ready
        timeout: 45s
      drain:
        timeout: 1m30s
      provenance:
        commit: 3f2a9c1
        author: alice@example.com
        built: 2026-11-22T10:00:00Z
      """;

  private static final String MINIMAL =
      """
      service: checkout
      version: v1
      run:
        command: [java, -jar, shop.jar]
      readiness:
        path: /ready
      """;

  private static Manifest parse(String text) {
    return ManifestParser.parse(text, FILE);
  }

  /** The message of the ConfigException parsing {@code text} must throw. */
  private static String error(String text) {
    Throwable thrown = catchThrowable(() -> parse(text));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  /** {@code text} with {@code from} replaced, failing if {@code from} is not in it. */
  private static String edit(String text, String from, String to) {
    assertThat(text).contains(from);
    return text.replace(from, to);
  }

  @Nested
  class ValidManifests {
    @Test
    void parse_fullManifest_readsEveryPart() {
      assertThat(parse(FULL))
          .isEqualTo(
              new Manifest(
                  ServiceName.of("checkout"),
                  "v1",
                  List.of("java", "-jar", "shop.jar"),
                  Map.of("SHOP_FAILURE_RATE", "0.05"),
                  "SHOP_PORT",
                  "/ready",
                  Duration.ofSeconds(45),
                  Duration.ofSeconds(90),
                  new Provenance(
                      "3f2a9c1", "alice@example.com", Instant.parse("2026-11-22T10:00:00Z"))));
    }

    @Test
    void parse_minimalManifest_usesTheDefaults() {
      assertThat(parse(MINIMAL))
          .isEqualTo(
              new Manifest(
                  ServiceName.of("checkout"),
                  "v1",
                  List.of("java", "-jar", "shop.jar"),
                  Map.of(),
                  Manifest.DEFAULT_PORT_VARIABLE,
                  "/ready",
                  Manifest.DEFAULT_READINESS_TIMEOUT,
                  Manifest.DEFAULT_DRAIN_TIMEOUT,
                  Provenance.NONE));
    }

    @Test
    void parse_blockStyleAndQuoting_readTheSame() {
      Manifest manifest =
          parse(
              """
              ---
              service: 'checkout'
              version: 1.10
              run:
                command:
                  - "java"
                  - -jar
                  - shop.jar
                env:
                  RATE: 0.05
                  EMPTY:
                  QUOTED: "a # b"
              readiness:
                path: "/ready"
              drain:
              provenance:
                commit: "3f2a9c1"
              """);

      assertThat(manifest.version()).isEqualTo("1.10");
      assertThat(manifest.command()).containsExactly("java", "-jar", "shop.jar");
      assertThat(manifest.env())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("RATE", "0.05", "EMPTY", "", "QUOTED", "a # b"));
      assertThat(manifest.drainTimeout()).isEqualTo(Manifest.DEFAULT_DRAIN_TIMEOUT);
      assertThat(manifest.provenance()).isEqualTo(new Provenance("3f2a9c1", null, null));
    }

    @Test
    void parse_zeroDrainTimeout_isAllowed() {
      assertThat(parse(MINIMAL + "drain:\n  timeout: 0s\n").drainTimeout()).isZero();
    }
  }

  @Nested
  class UnknownKeys {
    @Test
    void parse_typoAtRoot_failsWithSuggestion() {
      assertThat(error(edit(FULL, "service:", "servce:")))
          .isEqualTo(
              "conveyor.yaml:2: unknown key 'servce'; did you mean 'service'? (allowed: drain,"
                  + " provenance, readiness, run, service, version)");
    }

    @Test
    void parse_typoInRun_failsWithSuggestionRatherThanMissingKey() {
      assertThat(error(edit(FULL, "  command:", "  comand:")))
          .isEqualTo(
              "conveyor.yaml:5: unknown key 'comand' in 'run'; did you mean 'command'? (allowed:"
                  + " command, env, port)");
    }

    @Test
    void parse_unknownKeyInReadiness_failsWithoutSuggestion() {
      assertThat(error(edit(FULL, "  path: /ready", "  path: /ready\n  interval: 5s")))
          .isEqualTo(
              "conveyor.yaml:10: unknown key 'interval' in 'readiness' (allowed: path, timeout)");
    }

    @Test
    void parse_unknownKeyInDrainAndProvenance_fail() {
      assertThat(error(edit(FULL, "  timeout: 1m30s", "  timeot: 1m30s")))
          .isEqualTo(
              "conveyor.yaml:12: unknown key 'timeot' in 'drain'; did you mean 'timeout'?"
                  + " (allowed: timeout)");
      assertThat(error(edit(FULL, "  author:", "  authors:")))
          .isEqualTo(
              "conveyor.yaml:15: unknown key 'authors' in 'provenance'; did you mean 'author'?"
                  + " (allowed: author, built, commit)");
    }
  }

  @Nested
  class MissingKeys {
    @Test
    void parse_emptyDocument_failsOnService() {
      assertThat(error("# nothing\n")).isEqualTo("conveyor.yaml:1: missing key 'service'");
    }

    @Test
    void parse_missingService_fails() {
      assertThat(error(edit(FULL, "service: checkout\n", "")))
          .isEqualTo("conveyor.yaml:2: missing key 'service'");
    }

    @Test
    void parse_missingVersion_fails() {
      assertThat(error(edit(FULL, "version: v1\n", "")))
          .isEqualTo("conveyor.yaml:2: missing key 'version'");
    }

    @Test
    void parse_missingRun_fails() {
      assertThat(error(edit(MINIMAL, "run:\n  command: [java, -jar, shop.jar]\n", "")))
          .isEqualTo("conveyor.yaml:1: missing key 'run'");
    }

    @Test
    void parse_missingRunCommand_failsAtTheRunMapping() {
      assertThat(error(edit(FULL, "  command: [java, -jar, shop.jar]\n", "")))
          .isEqualTo("conveyor.yaml:5: missing key 'run.command'");
    }

    @Test
    void parse_missingReadiness_fails() {
      assertThat(error(edit(MINIMAL, "readiness:\n  path: /ready\n", "")))
          .isEqualTo("conveyor.yaml:1: missing key 'readiness'");
    }

    @Test
    void parse_missingReadinessPath_fails() {
      assertThat(error(edit(FULL, "  path: /ready\n", "")))
          .isEqualTo("conveyor.yaml:9: missing key 'readiness.path'");
    }
  }

  @Nested
  class WrongValues {
    @Test
    void parse_commandAsShellString_failsWithTheListToWrite() {
      assertThat(error(edit(FULL, "[java, -jar, shop.jar]", "java  -jar shop.jar")))
          .isEqualTo(
              "conveyor.yaml:5: 'run.command' must be a list of arguments, not a shell string:"
                  + " write [\"java\", \"-jar\", \"shop.jar\"]");
    }

    @Test
    void parse_commandAsQuotedShellString_escapesTheHint() {
      assertThat(error(edit(FULL, "[java, -jar, shop.jar]", "'echo \"hi\" C:\\tmp'")))
          .isEqualTo(
              "conveyor.yaml:5: 'run.command' must be a list of arguments, not a shell string:"
                  + " write [\"echo\", \"\\\"hi\\\"\", \"C:\\\\tmp\"]");
    }

    @Test
    void parse_commandAsBlankString_fails() {
      assertThat(error(edit(FULL, "[java, -jar, shop.jar]", "\"  \"")))
          .isEqualTo(
              "conveyor.yaml:5: 'run.command' must be a list of arguments, got an empty string");
    }

    @Test
    void parse_commandAsMapping_fails() {
      assertThat(error(edit(FULL, "[java, -jar, shop.jar]", "{java: jar}")))
          .isEqualTo("conveyor.yaml:5: 'run.command' must be a list, got a mapping");
    }

    @Test
    void parse_emptyCommand_fails() {
      assertThat(error(edit(FULL, "[java, -jar, shop.jar]", "[]")))
          .isEqualTo(
              "conveyor.yaml:5: 'run.command' must be a list of at least one argument, got an"
                  + " empty list");
    }

    @Test
    void parse_emptyArgument_failsAtItsLine() {
      assertThat(error(edit(FULL, "[java, -jar, shop.jar]", "\n    - java\n    - ''")))
          .isEqualTo("conveyor.yaml:7: 'run.command[1]' must be a non-empty string, got ''");
    }

    @Test
    void parse_nestedArgument_fails() {
      assertThat(error(edit(FULL, "[java, -jar, shop.jar]", "\n    - java\n    - [x]")))
          .isEqualTo("conveyor.yaml:7: 'run.command[1]' must be a string, got a list");
    }

    @Test
    void parse_envAsList_fails() {
      assertThat(error(edit(FULL, "{SHOP_FAILURE_RATE: \"0.05\"}", "[SHOP_FAILURE_RATE=0.05]")))
          .isEqualTo("conveyor.yaml:6: 'run.env' must be a mapping, got a list");
    }

    @Test
    void parse_badEnvVariableName_failsNamingIt() {
      assertThat(error(edit(FULL, "{SHOP_FAILURE_RATE: \"0.05\"}", "\n    OK_1: a\n    1BAD: b")))
          .isEqualTo(
              "conveyor.yaml:8: 'run.env' variable '1BAD' is not a valid name: use letters, digits"
                  + " and '_', not starting with a digit");
      assertThat(error(edit(FULL, "SHOP_FAILURE_RATE", "SHOP-RATE")))
          .isEqualTo(
              "conveyor.yaml:6: 'run.env' variable 'SHOP-RATE' is not a valid name: use letters,"
                  + " digits and '_', not starting with a digit");
    }

    @Test
    void parse_envValueThatIsAList_fails() {
      assertThat(error(edit(FULL, "{SHOP_FAILURE_RATE: \"0.05\"}", "\n    A:\n      - x")))
          .isEqualTo("conveyor.yaml:8: 'run.env.A' must be a string, got a list");
    }

    @Test
    void parse_portNumberInsteadOfVariable_fails() {
      assertThat(error(edit(FULL, "port: SHOP_PORT", "port: 8080")))
          .isEqualTo(
              "conveyor.yaml:7: 'run.port' must be the name of the environment variable that"
                  + " carries the port, such as PORT (letters, digits and '_', not starting with a"
                  + " digit), got '8080'");
    }

    @Test
    void parse_badServiceName_keepsTheNamesExplanation() {
      assertThat(error(edit(FULL, "service: checkout", "service: Check_out")))
          .isEqualTo(
              "conveyor.yaml:2: 'service': service name 'Check_out' is not valid: use 1 to 63"
                  + " lowercase letters, digits and '-', starting with a letter and not ending with"
                  + " '-'");
    }

    @Test
    void parse_versionWithWhitespace_fails() {
      assertThat(error(edit(FULL, "version: v1", "version: v 1")))
          .isEqualTo(
              "conveyor.yaml:3: 'version' must be 1 to 128 characters without whitespace, got 'v"
                  + " 1'");
    }

    @Test
    void parse_versionTooLongOrEmpty_fails() {
      assertThat(parse(edit(FULL, "version: v1", "version: " + "v".repeat(128))).version())
          .hasSize(128);
      assertThat(error(edit(FULL, "version: v1", "version: " + "v".repeat(129))))
          .startsWith("conveyor.yaml:3: 'version' must be 1 to 128 characters without whitespace");
      assertThat(error(edit(FULL, "version: v1", "version: ''")))
          .isEqualTo(
              "conveyor.yaml:3: 'version' must be 1 to 128 characters without whitespace, got ''");
    }

    @Test
    void parse_emptyVersion_fails() {
      assertThat(error(edit(FULL, "version: v1", "version:")))
          .isEqualTo("conveyor.yaml:3: 'version' must be a string, got an empty value");
    }

    @Test
    void parse_readinessPathWithoutSlash_fails() {
      assertThat(error(edit(FULL, "path: /ready", "path: ready")))
          .isEqualTo("conveyor.yaml:9: 'readiness.path' must start with '/', got 'ready'");
    }

    @Test
    void parse_readinessTimeoutNotADuration_fails() {
      assertThat(error(edit(FULL, "timeout: 45s", "timeout: soon")))
          .isEqualTo(
              "conveyor.yaml:10: 'readiness.timeout' must be a duration such as 30s, 500ms or 2m,"
                  + " got 'soon'");
    }

    @Test
    void parse_zeroReadinessTimeout_fails() {
      assertThat(error(edit(FULL, "timeout: 45s", "timeout: 0ms")))
          .isEqualTo(
              "conveyor.yaml:10: 'readiness.timeout' must be a positive duration, got '0ms'");
    }

    @Test
    void parse_drainTimeoutAsNumber_fails() {
      assertThat(error(edit(FULL, "timeout: 1m30s", "timeout: 90")))
          .isEqualTo(
              "conveyor.yaml:12: 'drain.timeout' must be a duration such as 30s, 500ms or 2m, got"
                  + " '90'");
    }

    @Test
    void parse_runAsString_fails() {
      assertThat(error(edit(MINIMAL, "run:\n  command: [java, -jar, shop.jar]", "run: java")))
          .isEqualTo("conveyor.yaml:3: 'run' must be a mapping, got a string");
    }

    @Test
    void parse_badBuiltInstant_fails() {
      assertThat(error(edit(FULL, "2026-11-22T10:00:00Z", "last tuesday")))
          .isEqualTo(
              "conveyor.yaml:16: 'provenance.built' must be an ISO-8601 instant such as"
                  + " 2026-11-22T10:00:00Z, got 'last tuesday'");
    }

    @Test
    void parse_rootList_fails() {
      assertThat(error("- service: checkout\n"))
          .isEqualTo(
              "conveyor.yaml:1: the document must be a mapping of keys to values, got a list");
    }

    @Test
    void parse_yamlError_isReportedWithTheFileName() {
      assertThat(error(edit(FULL, "  port: SHOP_PORT", "\tport: SHOP_PORT")))
          .isEqualTo("conveyor.yaml:7: tabs are not allowed for indentation; use spaces");
    }
  }

  @Nested
  class Robustness {
    private static final String[] FRAGMENTS = {
      " ", "  ", "\n", "\t", "-", "- ", ":", ": ", "#", "[", "]", "{", "}", ",", "'", "\"", "\\",
      "&", "*", "!", "|", ">", "~", "null", "0s", "-1", "1e999", "service", "run", "command",
      "\u00e9", "\u0000", "---", "\r\n"
    };

    @Test
    void parse_mutatedAndTruncatedManifests_onlyEverThrowConfigException() {
      Random random = new Random(42);
      int parsed = 0;
      int refused = 0;
      for (int i = 0; i < 4000; i++) {
        String text = mutate(random.nextBoolean() ? FULL : MINIMAL, random);
        try {
          ManifestParser.parse(text, FILE);
          parsed++;
        } catch (ConfigException e) {
          assertThat(e.getMessage()).startsWith(FILE + ":" + e.line() + ": ");
          refused++;
        } catch (RuntimeException e) {
          throw new AssertionError("unexpected exception for input:\n" + text, e);
        }
      }
      // Both outcomes occur, or the mutations would not be exercising the parser.
      assertThat(parsed).isGreaterThan(100);
      assertThat(refused).isGreaterThan(100);
    }

    private static String mutate(String manifest, Random random) {
      StringBuilder text = new StringBuilder(manifest);
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(5)) {
          case 0 -> text.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
          case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(4)));
          case 2 -> text.setLength(at);
          case 3 -> {
            int end = Math.min(text.length(), at + random.nextInt(10));
            text.replace(at, end, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
          }
          default -> {
            int other = random.nextInt(text.length() + 1);
            text.insert(at, text.substring(Math.min(at, other), Math.max(at, other)));
          }
        }
      }
      return text.toString();
    }
  }
}
