package dev.conveyor.core.score;

import dev.conveyor.core.config.Snippet;
import java.util.Optional;

/**
 * Reads line coverage from a JaCoCo XML report ({@code jacoco:report} writes {@code
 * target/site/jacoco/jacoco.xml}).
 *
 * <p>The report-level counter, a direct child of the root {@code <report>}, holds the totals:
 * {@code <counter type="LINE" missed="…" covered="…"/>}. Package, class and method counters below
 * it are not read. A report that covers no classes has no such counter; it reads as no lines.
 */
public final class JacocoReport {
  private JacocoReport() {}

  /**
   * The report's line coverage.
   *
   * @param name how errors name the report, usually its file name
   * @throws ReportException when the text is not well-formed, safe XML with a JaCoCo root, or a
   *     counter's numbers are not counts
   */
  public static Coverage read(String text, String name) {
    XmlElement root =
        SecureXml.parseReport(
            text,
            name,
            "a JaCoCo XML report",
            "jacoco:report writes target/site/jacoco/jacoco.xml",
            "report");
    Optional<XmlElement> lines =
        root.children("counter").stream()
            .filter(counter -> "LINE".equals(counter.attribute("type").orElse("")))
            .findFirst();
    if (lines.isEmpty()) {
      return new Coverage(0, 0);
    }
    return new Coverage(count(lines.get(), "missed", name), count(lines.get(), "covered", name));
  }

  private static long count(XmlElement counter, String attribute, String name) {
    Optional<String> found = counter.attribute(attribute);
    if (found.isEmpty()) {
      throw new ReportException(
          name,
          counter.line(),
          counter.column(),
          "the LINE counter has no '" + attribute + "' attribute; JaCoCo always writes one");
    }
    String value = found.get();
    // 18 digits always fit a long; no real report comes near.
    boolean digits =
        !value.isEmpty()
            && value.length() <= 18
            && value.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits) {
      throw new ReportException(
          name,
          counter.line(),
          counter.column(),
          "the LINE counter's '"
              + attribute
              + "' must be a count of lines (0 or more), got '"
              + Snippet.of(value)
              + "'");
    }
    return Long.parseLong(value);
  }
}
