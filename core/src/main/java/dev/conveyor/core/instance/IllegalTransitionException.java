package dev.conveyor.core.instance;

import dev.conveyor.core.ConflictException;

/** A change that the transition table of {@link ActivationState} does not allow. */
public class IllegalTransitionException extends ConflictException {
  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(InstanceId instance, ActivationState from, ActivationState to) {
    super(
        "instance "
            + instance
            + " cannot change from "
            + from
            + " to "
            + to
            + " (allowed from "
            + from
            + ": "
            + (from.next().isEmpty()
                ? "none"
                : String.join(", ", from.next().stream().map(ActivationState::label).toList()))
            + ")");
  }

  @Override
  public String code() {
    return "illegal_transition";
  }
}
