package dev.conveyor.core;

/** A named thing (artifact, instance, sequence number) that does not exist. */
public class NotFoundException extends ConveyorException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "not_found";
  }
}
