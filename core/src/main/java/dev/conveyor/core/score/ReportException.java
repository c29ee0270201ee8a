package dev.conveyor.core.score;

import dev.conveyor.core.InvalidInputException;

/**
 * A quality report that cannot be read, located as precisely as the format allows: {@code
 * <name>:<line>:<column>: <detail>} for XML, {@code <name>:<line>: <detail>} for line-based text,
 * {@code <name>: <detail>} otherwise, so a terminal or editor turns it into a link.
 */
public class ReportException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String reportName;
  private final int line;
  private final int column;
  private final String detail;

  /** An error about the report as a whole. */
  public ReportException(String reportName, String detail) {
    this(reportName, 0, 0, detail);
  }

  /** An error at {@code line} (1-based; 0 when unknown) and {@code column} (0 when unknown). */
  public ReportException(String reportName, int line, int column, String detail) {
    super(location(reportName, line, column) + ": " + detail);
    this.reportName = reportName;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  private static String location(String reportName, int line, int column) {
    if (line <= 0) {
      return reportName;
    }
    return column <= 0 ? reportName + ":" + line : reportName + ":" + line + ":" + column;
  }

  /** The name the report was given, usually its file name. */
  public String reportName() {
    return reportName;
  }

  /** The 1-based line of the problem, or 0 when the problem is not on one line. */
  public int line() {
    return line;
  }

  /** The 1-based column of the problem, or 0 when unknown. */
  public int column() {
    return column;
  }

  /** What is wrong: the message without its location prefix. */
  public String detail() {
    return detail;
  }

  @Override
  public String code() {
    return "invalid_report";
  }
}
