package dev.conveyor.core;

/**
 * The history or artifact storage could not durably record a change (disk full, database locked,
 * I/O error). The change was not made: Conveyor never acts unrecorded.
 */
public class StorageException extends ConveyorException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }

  @Override
  public String code() {
    return "storage_unavailable";
  }
}
