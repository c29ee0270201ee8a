package dev.conveyor.core;

/** Input that breaks a rule: a malformed manifest, a bad name, an unsafe archive entry. */
public class InvalidInputException extends ConveyorException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return "invalid_input";
  }
}
