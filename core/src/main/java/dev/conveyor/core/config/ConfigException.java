package dev.conveyor.core.config;

import dev.conveyor.core.InvalidInputException;

/**
 * A config file that breaks a rule, located by file and line: the message is always {@code
 * <fileName>:<line>: <detail>}, the form editors and terminals turn into a link.
 */
public class ConfigException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final int line;
  private final String detail;

  public ConfigException(String fileName, int line, String detail) {
    super(fileName + ":" + line + ": " + detail);
    this.fileName = fileName;
    this.line = line;
    this.detail = detail;
  }

  /** As {@link #ConfigException(String, int, String)}, keeping the failure it was made from. */
  public ConfigException(String fileName, int line, String detail, Throwable cause) {
    super(fileName + ":" + line + ": " + detail, cause);
    this.fileName = fileName;
    this.line = line;
    this.detail = detail;
  }

  public String fileName() {
    return fileName;
  }

  /** The 1-based line the problem is on. */
  public int line() {
    return line;
  }

  /** What is wrong: the message without its {@code <fileName>:<line>: } prefix. */
  public String detail() {
    return detail;
  }
}
