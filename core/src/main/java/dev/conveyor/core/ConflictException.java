package dev.conveyor.core;

/**
 * A request that was valid when it was made but no longer fits the current state: the history moved
 * on (optimistic concurrency), or another plan already runs.
 */
public class ConflictException extends ConveyorException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "conflict";
  }
}
