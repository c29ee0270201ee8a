package dev.conveyor.core.replay;

import dev.conveyor.core.Preconditions;

/**
 * What one replayed request got back: the status ({@code 0} when no response came: refused, reset
 * or timed out), the body's shape and how long the answer took.
 */
public record ObservedResponse(
    RecordedRequest request, int status, ResponseShape shape, long nanos) {
  public ObservedResponse {
    Preconditions.present(request, "an observed response's request");
    Preconditions.check(
        status == 0 || (status >= 100 && status <= 999),
        "an observed response's status must be 0 (no response) or 100 to 999, got %s",
        status);
    Preconditions.present(shape, "an observed response's shape");
    Preconditions.check(
        nanos >= 0, "an observed response's time must not be negative, got %s", nanos);
  }

  /** A request that got no response at all. */
  public static ObservedResponse none(RecordedRequest request, long nanos) {
    return new ObservedResponse(request, 0, ResponseShape.NONE, nanos);
  }

  /** Whether a response came. */
  public boolean answered() {
    return status != 0;
  }
}
