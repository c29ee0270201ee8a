package dev.conveyor.core.score;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.config.Snippet;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonArray;
import dev.conveyor.core.json.JsonValue.JsonBool;
import dev.conveyor.core.json.JsonValue.JsonNull;
import dev.conveyor.core.json.JsonValue.JsonNumber;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.json.JsonValue.JsonString;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads lint findings from Checkstyle's XML report or a SARIF 2.1.0 log (the format most other
 * analysers, e.g. SpotBugs, PMD, Semgrep and CodeQL, can write).
 *
 * <p>Checkstyle: {@code <checkstyle><file name="…"><error severity="error|warning|info|ignore"
 * …/></file></checkstyle>}; an {@code <exception>} (a file Checkstyle could not parse) counts as an
 * error. SARIF: {@code runs[].results[].level}, one of {@code error}, {@code warning}, {@code note}
 * or {@code none}; a result without a level is a warning (the SARIF default; a rule's own {@code
 * defaultConfiguration.level} is not consulted).
 */
public final class LintReport {
  /** The only SARIF version read: 2.1.0 is the OASIS standard; earlier drafts differ in shape. */
  public static final String SARIF_VERSION = "2.1.0";

  private static final Pattern JSON_OFFSET = Pattern.compile("^invalid JSON at offset (\\d+): ");

  private LintReport() {}

  /** Checkstyle XML or SARIF JSON, told apart by the first character ({@code <} or {@code {}). */
  public static LintFindings read(String text, String name) {
    String content = text.strip();
    if (content.startsWith("\uFEFF")) {
      content = content.substring(1).strip();
    }
    if (content.startsWith("<")) {
      return readCheckstyle(text, name);
    }
    if (content.startsWith("{")) {
      return readSarif(text, name);
    }
    throw new ReportException(
        name,
        "is neither Checkstyle XML (starting with '<') nor a SARIF log (a JSON object starting with"
            + " '{'); give the report checkstyle:check writes (target/checkstyle-result.xml) or a"
            + " .sarif file");
  }

  /** The findings in a Checkstyle XML report. */
  public static LintFindings readCheckstyle(String text, String name) {
    XmlElement root =
        SecureXml.parseReport(
            text,
            name,
            "a Checkstyle XML report",
            "checkstyle:check writes target/checkstyle-result.xml",
            "checkstyle");
    long errors = 0;
    long warnings = 0;
    long infos = 0;
    for (XmlElement file : root.children("file")) {
      errors += file.children("exception").size();
      for (XmlElement error : file.children("error")) {
        String severity = error.attribute("severity").orElse("error");
        switch (severity) {
          case "error" -> errors++;
          case "warning" -> warnings++;
          case "info" -> infos++;
          case "ignore" -> {
            // Checkstyle's "report nothing" severity.
          }
          default ->
              throw new ReportException(
                  name,
                  error.line(),
                  error.column(),
                  "the severity '"
                      + Snippet.of(severity)
                      + "' is not one of Checkstyle's: error, warning, info, ignore");
        }
      }
    }
    return new LintFindings(errors, warnings, infos);
  }

  /** The findings in a SARIF 2.1.0 log. */
  public static LintFindings readSarif(String text, String name) {
    JsonValue parsed;
    try {
      parsed = Json.parse(text);
    } catch (InvalidInputException e) {
      throw malformed(text, name, e);
    }
    if (!(parsed instanceof JsonObject log)) {
      throw new ReportException(
          name, "a SARIF log is a JSON object with \"version\" and \"runs\", got " + kind(parsed));
    }
    Optional<JsonValue> version = log.find("version");
    if (version.isEmpty() || !(version.get() instanceof JsonString(String found))) {
      throw new ReportException(
          name,
          "has no \"version\" string; a SARIF log starts with {\"version\": \"2.1.0\", \"runs\":"
              + " […]}");
    }
    if (!found.equals(SARIF_VERSION)) {
      throw new ReportException(
          name,
          "is SARIF version '"
              + Snippet.of(found)
              + "'; only "
              + SARIF_VERSION
              + " is read: re-run the analyser with its SARIF 2.1.0 output");
    }
    List<JsonValue> runs = array(log, "runs", "runs", name);
    long errors = 0;
    long warnings = 0;
    long infos = 0;
    for (int r = 0; r < runs.size(); r++) {
      JsonObject run = object(runs.get(r), "runs[" + r + "]", name);
      List<JsonValue> results = array(run, "results", "runs[" + r + "].results", name);
      for (int i = 0; i < results.size(); i++) {
        String path = "runs[" + r + "].results[" + i + "]";
        JsonObject result = object(results.get(i), path, name);
        String level =
            switch (result.find("level").orElse(JsonValue.of("warning"))) {
              case JsonString(String s) -> s;
              case JsonValue other ->
                  throw new ReportException(
                      name, path + ".level must be a string, got " + kind(other));
            };
        switch (level) {
          case "error" -> errors++;
          case "warning" -> warnings++;
          case "note" -> infos++;
          case "none" -> {
            // Not a finding: SARIF's "none" marks e.g. a passed check.
          }
          default ->
              throw new ReportException(
                  name,
                  path
                      + ".level is '"
                      + Snippet.of(level)
                      + "'; SARIF levels are error, warning, note and none");
        }
      }
    }
    return new LintFindings(errors, warnings, infos);
  }

  /** The array at {@code key}; absent or null reads as empty, as SARIF allows for results. */
  private static List<JsonValue> array(JsonObject object, String key, String path, String name) {
    Optional<JsonValue> value = object.find(key);
    if (value.isEmpty()) {
      if (key.equals("runs")) {
        throw new ReportException(name, "has no \"runs\" array; a SARIF log lists its runs");
      }
      return List.of();
    }
    if (value.get() instanceof JsonArray(List<JsonValue> items)) {
      return items;
    }
    throw new ReportException(name, path + " must be an array, got " + kind(value.get()));
  }

  private static JsonObject object(JsonValue value, String path, String name) {
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new ReportException(name, path + " must be an object, got " + kind(value));
  }

  private static String kind(JsonValue value) {
    return switch (value) {
      case JsonObject o -> "an object";
      case JsonArray a -> "an array";
      case JsonString s -> "a string";
      case JsonNull n -> "null";
      case JsonBool b -> "a boolean";
      case JsonNumber n -> "a number";
    };
  }

  /** The JSON parser's error, located by line and column instead of offset. */
  private static ReportException malformed(String text, String name, InvalidInputException e) {
    Matcher offset = JSON_OFFSET.matcher(e.getMessage());
    if (!offset.find()) {
      return new ReportException(name, "malformed JSON: " + e.getMessage());
    }
    int at = Math.min(Integer.parseInt(offset.group(1)), text.length());
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new ReportException(
        name,
        line,
        at - lineStart + 1,
        "malformed JSON: " + e.getMessage().substring(offset.end()));
  }
}
