package dev.conveyor.core;

/**
 * A request that is well formed and fits the state, but that its actor may not make: e.g. an
 * artifact's author reviewing their own artifact (the four-eyes rule).
 */
public class ForbiddenException extends ConveyorException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "forbidden";
  }
}
