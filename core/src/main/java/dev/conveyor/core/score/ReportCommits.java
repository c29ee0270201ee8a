package dev.conveyor.core.score;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonArray;
import dev.conveyor.core.json.JsonValue.JsonObject;
import dev.conveyor.core.json.JsonValue.JsonString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The commit a report says it was made for, so that a report of another build cannot score an
 * artifact: a git log's newest commit, and a SARIF log's {@code versionControlProvenance[]
 * .revisionId}. JUnit and JaCoCo reports name no commit.
 */
public final class ReportCommits {
  /** The shortest abbreviation that counts as naming a commit, as git's default. */
  static final int MIN_ABBREVIATION = 7;

  private ReportCommits() {}

  /** The newest commit of a git log in {@link ReviewTrailers#FORMAT}, if it lists any. */
  public static Optional<String> ofGitLog(String text, String name) {
    return ReviewTrailers.read(text, name).commits().stream().findFirst().map(c -> c.hash());
  }

  /** Every {@code revisionId} of a SARIF log's runs. */
  public static List<String> ofSarif(String text, String name) {
    JsonValue parsed;
    try {
      parsed = Json.parse(text);
    } catch (InvalidInputException e) {
      return List.of(); // LintReport names what is malformed
    }
    List<String> revisions = new ArrayList<>();
    if (parsed instanceof JsonObject log
        && log.find("runs").orElse(null) instanceof JsonArray(List<JsonValue> runs)) {
      for (JsonValue run : runs) {
        if (run instanceof JsonObject r
            && r.find("versionControlProvenance").orElse(null)
                instanceof JsonArray(List<JsonValue> provenance)) {
          for (JsonValue vcs : provenance) {
            if (vcs instanceof JsonObject v
                && v.find("revisionId").orElse(null) instanceof JsonString(String id)) {
              revisions.add(id);
            }
          }
        }
      }
    }
    return revisions;
  }

  /**
   * Whether {@code a} and {@code b} name the same commit: equal ignoring case, or one an
   * abbreviation (at least 7 hex digits) of the other.
   */
  public static boolean sameCommit(String a, String b) {
    String x = a.strip().toLowerCase(Locale.ROOT);
    String y = b.strip().toLowerCase(Locale.ROOT);
    if (x.equals(y)) {
      return true;
    }
    String shorter = x.length() <= y.length() ? x : y;
    String longer = shorter == x ? y : x;
    return shorter.length() >= MIN_ABBREVIATION && longer.startsWith(shorter);
  }

  /**
   * Checks that the report named {@code name} was made for {@code commit}.
   *
   * @throws ReportException naming the report, its commit and the artifact's
   */
  public static void check(String name, String reportCommit, String commit, String artifact) {
    if (!sameCommit(reportCommit, commit)) {
      throw new ReportException(
          name,
          "is for commit "
              + reportCommit
              + ", but artifact "
              + artifact
              + " was built from commit "
              + commit
              + "; submit the reports of the build that produced the artifact");
    }
  }
}
