package dev.conveyor.core;

/**
 * The root of every failure Conveyor reports to a person: unchecked, with a message that names the
 * subject, the value, the rule and, when known, the fix.
 *
 * <p>Each subclass is one kind of failure; the HTTP API maps kinds to status codes in one table,
 * and {@link #code()} gives the stable machine-readable name used in error bodies.
 */
public abstract class ConveyorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ConveyorException(String message) {
    super(message);
  }

  protected ConveyorException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A stable snake_case name for this kind of failure, e.g. {@code invalid_input}. */
  public abstract String code();
}
