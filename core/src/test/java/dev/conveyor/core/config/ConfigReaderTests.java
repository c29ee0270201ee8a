package dev.conveyor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.fleet.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigReaderTests {
  private static final String FILE = "app.yaml";

  private static ConfigReader read(String text) {
    return ConfigReader.parse(text, FILE);
  }

  /** The message of the ConfigException {@code call} must throw. */
  private static String error(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  @Nested
  class Root {
    @Test
    void root_mapping_hasEmptyPathAndTheMappingsLine() {
      ConfigReader root = read("# header\nname: x\n");

      assertThat(root.path()).isEmpty();
      assertThat(root.path("name")).isEqualTo("name");
      assertThat(root.line()).isEqualTo(2);
      assertThat(root.fileName()).isEqualTo(FILE);
    }

    @Test
    void root_list_fails() {
      assertThat(error(() -> read("\n- a\n")))
          .isEqualTo("app.yaml:2: the document must be a mapping of keys to values, got a list");
    }

    @Test
    void root_scalar_fails() {
      assertThat(error(() -> ConfigReader.root(Yaml.parse("hello", FILE), FILE)))
          .isEqualTo("app.yaml:1: the document must be a mapping of keys to values, got a string");
    }

    @Test
    void root_emptyDocument_isAnEmptyMappingWhoseMissingKeysAreAtLine1() {
      ConfigReader root = read("# nothing yet\n");

      assertThat(error(() -> root.string("name"))).isEqualTo("app.yaml:1: missing key 'name'");
    }
  }

  @Nested
  class Strings {
    @Test
    void string_plainAndQuoted_readAsText() {
      ConfigReader root = read("a: 1.2\nb: \"x y\"\nc: 'true'\nd: ''\n");

      assertThat(root.string("a")).isEqualTo("1.2");
      assertThat(root.string("b")).isEqualTo("x y");
      assertThat(root.string("c")).isEqualTo("true");
      assertThat(root.string("d")).isEmpty();
    }

    @Test
    void string_missingAtRoot_failsAtTheRootsLine() {
      ConfigReader root = read("\n\na: 1\n");

      assertThat(error(() -> root.string("name"))).isEqualTo("app.yaml:3: missing key 'name'");
    }

    @Test
    void string_missingInChild_failsWithTheDottedPathAtTheChildsLine() {
      ConfigReader run = read("run:\n  env: {}\n").child("run");

      assertThat(error(() -> run.string("command")))
          .isEqualTo("app.yaml:2: missing key 'run.command'");
    }

    @Test
    void string_emptyValue_fails() {
      assertThat(error(() -> read("a: 1\nname:\n").string("name")))
          .isEqualTo("app.yaml:2: 'name' must be a string, got an empty value");
    }

    @Test
    void string_list_fails() {
      assertThat(error(() -> read("run:\n  name: [a]\n").child("run").string("name")))
          .isEqualTo("app.yaml:2: 'run.name' must be a string, got a list");
    }

    @Test
    void string_mapping_fails() {
      assertThat(error(() -> read("name:\n  x: 1\n").string("name")))
          .isEqualTo("app.yaml:2: 'name' must be a string, got a mapping");
    }

    @Test
    void optionalString_absentOrEmpty_isEmpty() {
      ConfigReader root = read("a:\nb: ~\nc: x\n");

      assertThat(root.optionalString("a")).isEmpty();
      assertThat(root.optionalString("b")).isEmpty();
      assertThat(root.optionalString("c")).contains("x");
      assertThat(root.optionalString("d")).isEmpty();
    }

    @Test
    void string_withParse_convertsTheValue() {
      assertThat(read("service: checkout\n").string("service", ServiceName::of))
          .isEqualTo(ServiceName.of("checkout"));
    }

    @Test
    void string_withParseThatRefuses_failsAtTheValuesLineKeepingTheMessage() {
      ConfigReader root = read("a: 1\nservice: Check_out\n");

      Throwable thrown = catchThrowable(() -> root.string("service", ServiceName::of));

      assertThat(thrown)
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "app.yaml:2: 'service': service name 'Check_out' is not valid: use 1 to 63 lowercase"
                  + " letters, digits and '-', starting with a letter and not ending with '-'")
          .hasCauseInstanceOf(InvalidInputException.class);
    }

    @Test
    void optionalString_withParse_absentIsEmptyAndPresentIsConverted() {
      ConfigReader root = read("service: checkout\n");

      assertThat(root.optionalString("service", ServiceName::of))
          .contains(ServiceName.of("checkout"));
      assertThat(root.optionalString("other", ServiceName::of)).isEmpty();
    }
  }

  @Nested
  class Numbers {
    @Test
    void integer_plainDecimal_parses() {
      ConfigReader root = read("a: 8080\nb: -3\nc: +7\nd: 007\n");

      assertThat(root.integer("a")).isEqualTo(8080);
      assertThat(root.integer("b")).isEqualTo(-3);
      assertThat(root.integer("c")).isEqualTo(7);
      assertThat(root.integer("d")).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080x", "1.5", "0x1F", "1_000", "++1", "١٢"})
    void integer_notAnInteger_fails(String value) {
      assertThat(error(() -> read("port: " + value + "\n").integer("port")))
          .isEqualTo("app.yaml:1: 'port' must be an integer, got '" + value + "'");
    }

    @Test
    void integer_outOfRange_failsNamingTheRange() {
      assertThat(error(() -> read("port: 2147483648\n").integer("port")))
          .isEqualTo(
              "app.yaml:1: 'port' must be an integer from -2147483648 to 2147483647, got"
                  + " '2147483648'");
    }

    @Test
    void integer_quoted_failsAskingToRemoveTheQuotes() {
      assertThat(error(() -> read("port: \"8080\"\n").integer("port")))
          .isEqualTo(
              "app.yaml:1: 'port' must be an integer, got the quoted string '8080'; remove the"
                  + " quotes");
    }

    @Test
    void integer_optionalAndDefault() {
      ConfigReader root = read("a: 1\nb:\n");

      assertThat(root.optionalInteger("a")).isEqualTo(OptionalInt.of(1));
      assertThat(root.optionalInteger("b")).isEqualTo(OptionalInt.empty());
      assertThat(root.integer("c", 9)).isEqualTo(9);
      assertThat(root.integer("a", 9)).isEqualTo(1);
    }

    @Test
    void longInteger_parsesBeyondIntAndFailsBeyondLong() {
      ConfigReader root = read("a: 9000000000\nb: 9223372036854775808\n");

      assertThat(root.longInteger("a")).isEqualTo(9_000_000_000L);
      assertThat(root.optionalLongInteger("a")).isEqualTo(OptionalLong.of(9_000_000_000L));
      assertThat(root.longInteger("z", 5L)).isEqualTo(5L);
      assertThat(error(() -> root.longInteger("b")))
          .isEqualTo(
              "app.yaml:2: 'b' must be an integer from -9223372036854775808 to 9223372036854775807,"
                  + " got '9223372036854775808'");
    }

    @Test
    void number_decimalForms_parse() {
      ConfigReader root = read("a: 0.05\nb: -3\nc: 1e-3\nd: .5\ne: 2.\nf: +1.5E+2\n");

      assertThat(root.number("a")).isEqualTo(0.05);
      assertThat(root.number("b")).isEqualTo(-3.0);
      assertThat(root.number("c")).isEqualTo(0.001);
      assertThat(root.number("d")).isEqualTo(0.5);
      assertThat(root.number("e")).isEqualTo(2.0);
      assertThat(root.number("f")).isEqualTo(150.0);
      assertThat(root.optionalNumber("g")).isEqualTo(OptionalDouble.empty());
      assertThat(root.number("g", 0.25)).isEqualTo(0.25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", ".inf", "NaN", "1e", "0x10", "1.5f", "1..2", ".", "e5", "1e+"})
    void number_notANumber_fails(String value) {
      assertThat(error(() -> read("rate: " + value + "\n").number("rate")))
          .isEqualTo("app.yaml:1: 'rate' must be a number, got '" + value + "'");
    }

    @Test
    void number_infinite_fails() {
      assertThat(error(() -> read("rate: 1e999\n").number("rate")))
          .isEqualTo("app.yaml:1: 'rate' must be a finite number, got '1e999'");
    }

    @Test
    void bool_trueAndFalse_parse() {
      ConfigReader root = read("a: true\nb: false\n");

      assertThat(root.bool("a")).isTrue();
      assertThat(root.bool("b")).isFalse();
      assertThat(root.optionalBool("c")).isEmpty();
      assertThat(root.bool("c", true)).isTrue();
      assertThat(root.optionalBool("b")).contains(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "True", "on", "1"})
    void bool_otherWords_fail(String value) {
      assertThat(error(() -> read("on: " + value + "\n").bool("on")))
          .isEqualTo("app.yaml:1: 'on' must be true or false, got '" + value + "'");
    }

    @Test
    void bool_quoted_fails() {
      assertThat(error(() -> read("on: 'true'\n").bool("on")))
          .isEqualTo(
              "app.yaml:1: 'on' must be true or false, got the quoted string 'true'; remove the"
                  + " quotes");
    }

    @Test
    void integer_list_failsNamingTheKind() {
      assertThat(error(() -> read("port: [1]\n").integer("port")))
          .isEqualTo("app.yaml:1: 'port' must be an integer, got a list");
    }
  }

  @Nested
  class DurationValues {
    @ParameterizedTest
    @CsvSource({
      "250ms, PT0.25S",
      "30s, PT30S",
      "5m, PT5M",
      "2h, PT2H",
      "1d, PT24H",
      "1m30s, PT1M30S",
      "1d2h3m4s5ms, PT26H3M4.005S",
      "0s, PT0S",
      "'\"45s\"', PT45S"
    })
    void duration_validSpellings_parse(String value, String expected) {
      assertThat(read("t: " + value + "\n").duration("t")).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "30", "s", "30 s", "1s1m", "1m1m", "-1s", "1.5s", "5M", "PT5S"})
    void duration_invalidSpellings_fail(String value) {
      assertThat(
              error(
                  () -> read("run:\n  timeout: " + value + "\n").child("run").duration("timeout")))
          .isEqualTo(
              "app.yaml:2: 'run.timeout' must be a duration such as 30s, 500ms or 2m, got '"
                  + value
                  + "'");
    }

    @Test
    void duration_tooLong_fails() {
      assertThat(error(() -> read("t: 106752d\n").duration("t")))
          .isEqualTo("app.yaml:1: 't' must be a duration of at most 106751d, got '106752d'");
      assertThat(error(() -> read("t: 99999999999999999999d\n").duration("t")))
          .isEqualTo(
              "app.yaml:1: 't' must be a duration of at most 106751d, got '99999999999999999999d'");
    }

    @Test
    void duration_longestAllowed_parses() {
      assertThat(read("t: 106751d\n").duration("t")).isEqualTo(Duration.ofDays(106751));
    }

    @Test
    void optionalDuration_absentOrEmpty_isEmpty() {
      ConfigReader root = read("a:\nb: 1s\n");

      assertThat(root.optionalDuration("a")).isEmpty();
      assertThat(root.optionalDuration("b")).contains(Duration.ofSeconds(1));
      assertThat(root.optionalDuration("c")).isEmpty();
    }

    @Test
    void duration_list_failsNamingTheKind() {
      assertThat(error(() -> read("t: [1s]\n").duration("t")))
          .isEqualTo("app.yaml:1: 't' must be a duration such as 30s, 500ms or 2m, got a list");
    }
  }

  @Nested
  class Instants {
    @Test
    void instant_iso8601_parses() {
      ConfigReader root = read("a: 2026-11-22T10:00:00Z\nb: '2026-11-22T10:00:00.5+02:00'\n");

      assertThat(root.instant("a")).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
      assertThat(root.instant("b")).isEqualTo(Instant.parse("2026-11-22T08:00:00.5Z"));
      assertThat(root.optionalInstant("c")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-22", "2026-13-01T00:00:00Z", "1700000000"})
    void instant_otherText_fails(String value) {
      assertThat(error(() -> read("built: " + value + "\n").instant("built")))
          .isEqualTo(
              "app.yaml:1: 'built' must be an ISO-8601 instant such as 2026-11-22T10:00:00Z, got '"
                  + value
                  + "'");
    }
  }

  @Nested
  class ListsAndMappings {
    @Test
    void stringList_blockAndFlow_parse() {
      ConfigReader root = read("a:\n  - x\n  - \"y z\"\nb: [1, '2']\nc: []\n");

      assertThat(root.stringList("a")).containsExactly("x", "y z");
      assertThat(root.stringList("b")).containsExactly("1", "2");
      assertThat(root.stringList("c")).isEmpty();
      assertThat(root.optionalStringList("d")).isEmpty();
    }

    @Test
    void stringList_string_fails() {
      assertThat(
              error(
                  () -> read("run:\n  command: java -jar x\n").child("run").stringList("command")))
          .isEqualTo("app.yaml:2: 'run.command' must be a list, got a string");
    }

    @Test
    void stringList_itemThatIsNotAString_failsAtTheItemsLine() {
      assertThat(error(() -> read("a:\n  - x\n  - [y]\n").stringList("a")))
          .isEqualTo("app.yaml:3: 'a[1]' must be a string, got a list");
      assertThat(error(() -> read("a:\n  - x\n  -\n").stringList("a")))
          .isEqualTo("app.yaml:3: 'a[1]' must be a string, got an empty value");
    }

    @Test
    void stringMap_keepsSourceOrderAndReadsAnyScalarAsText() {
      ConfigReader root = read("env:\n  Z: 1\n  A: \"0.05\"\n  M: true\n  E:\n");

      assertThat(root.stringMap("env"))
          .containsExactly(
              Map.entry("Z", "1"),
              Map.entry("A", "0.05"),
              Map.entry("M", "true"),
              Map.entry("E", ""));
      assertThat(root.optionalStringMap("other")).isEmpty();
    }

    @Test
    void stringMap_list_fails() {
      assertThat(error(() -> read("run:\n  env: [A]\n").child("run").stringMap("env")))
          .isEqualTo("app.yaml:2: 'run.env' must be a mapping, got a list");
    }

    @Test
    void stringMap_nestedValue_failsNamingTheEntry() {
      assertThat(error(() -> read("env:\n  A: 1\n  B:\n    C: 2\n").stringMap("env")))
          .isEqualTo("app.yaml:4: 'env.B' must be a string, got a mapping");
    }

    @Test
    void child_nestedPaths_areDotted() {
      ConfigReader inner = read("a:\n  b:\n    c: 1\n").child("a").child("b");

      assertThat(inner.path()).isEqualTo("a.b");
      assertThat(inner.line()).isEqualTo(3);
      assertThat(inner.integer("c")).isEqualTo(1);
      assertThat(error(() -> inner.string("d"))).isEqualTo("app.yaml:3: missing key 'a.b.d'");
    }

    @Test
    void child_notAMapping_fails() {
      assertThat(error(() -> read("run: go\n").child("run")))
          .isEqualTo("app.yaml:1: 'run' must be a mapping, got a string");
      assertThat(error(() -> read("run:\n").child("run")))
          .isEqualTo("app.yaml:1: 'run' must be a mapping, got an empty value");
    }

    @Test
    void optionalChild_absentOrEmpty_isEmpty() {
      ConfigReader root = read("a:\nb:\n  c: 1\n");

      assertThat(root.optionalChild("a")).isEmpty();
      assertThat(root.optionalChild("z")).isEmpty();
      assertThat(root.optionalChild("b").map(ConfigReader::path)).contains("b");
    }

    @Test
    void children_listOfMappings_haveIndexedPaths() {
      ConfigReader root = read("steps:\n  - name: a\n  - name: b\n    wait: 5s\n");

      List<ConfigReader> steps = root.children("steps");

      assertThat(steps).extracting(ConfigReader::path).containsExactly("steps[0]", "steps[1]");
      assertThat(steps.get(1).duration("wait")).isEqualTo(Duration.ofSeconds(5));
      assertThat(error(() -> steps.get(0).string("wait")))
          .isEqualTo("app.yaml:2: missing key 'steps[0].wait'");
    }

    @Test
    void children_itemThatIsNotAMapping_fails() {
      assertThat(error(() -> read("steps:\n  - name: a\n  - b\n").children("steps")))
          .isEqualTo("app.yaml:3: 'steps[1]' must be a mapping, got a string");
    }

    @Test
    void node_rawAccess_recordsTheKey() {
      ConfigReader root = read("a: [1]\nb:\n");

      assertThat(root.node("a")).isInstanceOf(YamlSequence.class);
      assertThat(root.optionalNode("b")).contains(YamlScalar.nullAt(2));
      assertThat(root.lineOf("b")).isEqualTo(2);
      assertThat(root.lineOf("c")).isEqualTo(1);
      root.done();
    }
  }

  @Nested
  class UnknownKeys {
    @Test
    void done_everyKeyAskedFor_passes() {
      ConfigReader root = read("a: 1\nb: 2\n");
      root.string("a");
      root.optionalString("b");

      root.done();
    }

    @Test
    void done_typoInChild_failsWithSuggestionAndSortedAllowedKeys() {
      ConfigReader root = read("run:\n  port: PORT\n  comand: [x]\n  env: {}\n");
      ConfigReader run = root.child("run");
      run.optionalString("port");
      run.optionalStringMap("env");
      run.optionalStringList("command");

      assertThat(error(root::done))
          .isEqualTo(
              "app.yaml:3: unknown key 'comand' in 'run'; did you mean 'command'? (allowed:"
                  + " command, env, port)");
    }

    @Test
    void done_typoAtRoot_failsWithoutAPath() {
      ConfigReader root = read("servce: x\n");
      root.optionalString("service");
      root.optionalString("version");

      assertThat(error(root::done))
          .isEqualTo(
              "app.yaml:1: unknown key 'servce'; did you mean 'service'? (allowed: service,"
                  + " version)");
    }

    @Test
    void done_farFromEveryAllowedKey_failsWithoutSuggestion() {
      ConfigReader root = read("color: red\n");
      root.optionalString("size");

      assertThat(error(root::done)).isEqualTo("app.yaml:1: unknown key 'color' (allowed: size)");
    }

    @Test
    void done_swappedLetters_countAsOneEdit() {
      ConfigReader root = read("pirnt: x\n");
      root.optionalString("print");
      root.optionalString("point");

      assertThat(error(root::done))
          .isEqualTo(
              "app.yaml:1: unknown key 'pirnt'; did you mean 'print'? (allowed: point, print)");
    }

    @Test
    void done_unknownKeysInSeveralMappings_reportsTheFirstByLine() {
      ConfigReader root = read("a:\n  x: 1\n  early: 2\nlate: 3\n");
      root.child("a").integer("x");

      assertThat(error(root::done))
          .isEqualTo("app.yaml:3: unknown key 'early' in 'a' (allowed: x)");
    }

    @Test
    void done_noKeyAskedFor_saysNoKeysAreAllowed() {
      assertThat(error(read("x: 1\n")::done))
          .isEqualTo("app.yaml:1: unknown key 'x' (no keys are allowed here)");
    }

    @Test
    void done_unknownKeyInListItem_namesTheItem() {
      ConfigReader root = read("steps:\n  - name: a\n  - name: b\n    nmae: c\n");
      root.children("steps").forEach(step -> step.string("name"));

      assertThat(error(root::done))
          .isEqualTo(
              "app.yaml:4: unknown key 'nmae' in 'steps[1]'; did you mean 'name'? (allowed: name)");
    }

    @Test
    void allowOnly_otherKey_failsAtOnceBeforeAnyMissingKey() {
      ConfigReader root = read("servce: x\nversion: 1\n");

      assertThat(error(() -> root.allowOnly("version", "service").string("service")))
          .isEqualTo(
              "app.yaml:1: unknown key 'servce'; did you mean 'service'? (allowed: service,"
                  + " version)");
    }

    @Test
    void allowOnly_onlyAllowedKeys_recordsThemAsKnown() {
      ConfigReader root = read("version: 1\n").allowOnly("version", "service");

      assertThat(root.optionalString("service")).isEqualTo(Optional.empty());
      root.done();
    }
  }
}
