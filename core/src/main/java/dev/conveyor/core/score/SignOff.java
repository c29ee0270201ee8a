package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;

/**
 * A named approver's sign-off on an artifact at one gate, with the reason they gave: what lets an
 * artifact in a gate's warn band, or at a gate that requires a sign-off, move on.
 */
public record SignOff(String approver, String reason) {
  public SignOff {
    Preconditions.check(
        approver != null && !approver.isBlank(), "a sign-off needs the approver's name");
    Preconditions.check(
        reason != null && !reason.isBlank(),
        "a sign-off needs a reason, such as 'legal review LR-142 done'");
  }
}
