package dev.conveyor.core.instance;

import dev.conveyor.core.ConveyorException;

/** An instance that could not start, did not become ready, or failed while running. */
public class InstanceFailedException extends ConveyorException {
  private static final long serialVersionUID = 1L;
  private final transient InstanceId instance;

  public InstanceFailedException(InstanceId instance, String message) {
    super(message);
    this.instance = instance;
  }

  public InstanceFailedException(InstanceId instance, String message, Throwable cause) {
    super(message, cause);
    this.instance = instance;
  }

  public InstanceId instance() {
    return instance;
  }

  @Override
  public String code() {
    return "instance_failed";
  }
}
