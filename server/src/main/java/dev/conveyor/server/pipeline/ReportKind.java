package dev.conveyor.server.pipeline;

import dev.conveyor.core.score.MeasureKind;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kinds of report a submission may carry, told apart by file name and, for other {@code .xml}
 * names, by the XML root element.
 *
 * <ul>
 *   <li>{@code TEST-*.xml}, or XML rooted at {@code <testsuite>}/{@code <testsuites>}: JUnit
 *   <li>{@code jacoco.xml}, or XML rooted at {@code <report>}: JaCoCo
 *   <li>{@code checkstyle-result.xml}, {@code *.checkstyle.xml}, or XML rooted at {@code
 *       <checkstyle>}: Checkstyle
 *   <li>{@code *.sarif}: a SARIF log
 *   <li>{@code git-log*.txt}: {@code git log} output in the format of {@link
 *       dev.conveyor.core.score.ReviewTrailers#FORMAT}, for the review measure
 * </ul>
 */
public enum ReportKind {
  JUNIT(MeasureKind.TESTS),
  JACOCO(MeasureKind.COVERAGE),
  CHECKSTYLE(MeasureKind.LINT),
  SARIF(MeasureKind.LINT),
  GIT_LOG(MeasureKind.REVIEW);

  /** What a submission's reports may be, for error messages and usage. */
  public static final String RECOGNISED =
      "TEST-*.xml (JUnit), jacoco.xml, checkstyle-result.xml or *.checkstyle.xml, *.sarif, or"
          + " git-log*.txt (review trailers)";

  // The first element's name, past the XML declaration, comments and a doctype.
  private static final Pattern ROOT =
      Pattern.compile(
          "\\A(?:\\s|\\uFEFF|<\\?.*?\\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z_][\\w.:-]*)",
          Pattern.DOTALL);

  private final MeasureKind measure;

  ReportKind(MeasureKind measure) {
    this.measure = measure;
  }

  /** The measure reports of this kind make. */
  public MeasureKind measure() {
    return measure;
  }

  /**
   * The kind of the report named {@code name} (a path; its last part counts) holding {@code text}.
   */
  public static Optional<ReportKind> of(String name, String text) {
    Optional<ReportKind> byName = byName(name);
    if (byName.isPresent() || !fileName(name).endsWith(".xml")) {
      return byName;
    }
    Matcher root = ROOT.matcher(text);
    if (!root.lookingAt()) {
      return Optional.empty();
    }
    return switch (root.group(1)) {
      case "testsuite", "testsuites" -> Optional.of(JUNIT);
      case "report" -> Optional.of(JACOCO);
      case "checkstyle" -> Optional.of(CHECKSTYLE);
      default -> Optional.empty();
    };
  }

  /** The kind a file name alone says, as the CLI uses to pick files from a directory. */
  public static Optional<ReportKind> byName(String name) {
    String file = fileName(name);
    if (file.startsWith("TEST-") && file.endsWith(".xml")) {
      return Optional.of(JUNIT);
    }
    if (file.equals("jacoco.xml")) {
      return Optional.of(JACOCO);
    }
    if (file.equals("checkstyle-result.xml") || file.endsWith(".checkstyle.xml")) {
      return Optional.of(CHECKSTYLE);
    }
    if (file.endsWith(".sarif")) {
      return Optional.of(SARIF);
    }
    if (file.startsWith("git-log") && file.endsWith(".txt")) {
      return Optional.of(GIT_LOG);
    }
    return Optional.empty();
  }

  private static String fileName(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    return name.substring(slash + 1);
  }
}
