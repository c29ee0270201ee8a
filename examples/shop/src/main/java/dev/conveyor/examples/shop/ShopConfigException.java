package dev.conveyor.examples.shop;

/** A shop configuration that breaks a rule: a bad value, an unknown key, a missing file or PORT. */
public final class ShopConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ShopConfigException(String message) {
    super(message);
  }

  public ShopConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
