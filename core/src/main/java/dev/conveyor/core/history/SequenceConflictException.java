package dev.conveyor.core.history;

import dev.conveyor.core.ConflictException;

/** An append that expected the history to end at one sequence number, when it ends at another. */
public class SequenceConflictException extends ConflictException {
  private static final long serialVersionUID = 1L;
  private final long expected;
  private final long actual;

  public SequenceConflictException(long expected, long actual) {
    super(
        "the history has moved on: expected it to end at sequence "
            + expected
            + " but it ends at "
            + actual
            + "; re-read the state and try again");
    this.expected = expected;
    this.actual = actual;
  }

  public long expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
