package dev.conveyor.server.load;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/** Why a load request got no HTTP response. */
public enum TransportFailure {
  /** Nothing listened at the target (or the connection was refused for another reason). */
  CONNECT_REFUSED("connect refused"),
  /** No complete response within the plan's timeout of sending (connecting included). */
  TIMEOUT("timeout"),
  /** The server reset or closed the connection before the response was complete. */
  RESET("reset"),
  /**
   * Never sent: the in-flight cap was full from the request's intended send time until its timeout
   * passed. Its latency is that wait.
   */
  IN_FLIGHT_CAP("in-flight cap"),
  /** Anything else: e.g. a response that is not HTTP, or a route that does not exist. */
  OTHER("other");

  private final String label;

  TransportFailure(String label) {
    this.label = label;
  }

  /** How reports name it, e.g. {@code connect refused}. */
  public String label() {
    return label;
  }

  /** The name in JSON reports, e.g. {@code connect_refused}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a failed exchange, from the exception the socket gave. */
  static TransportFailure of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      switch (t) {
        case SocketTimeoutException timeout -> {
          return TIMEOUT;
        }
        case ConnectException refused -> {
          return CONNECT_REFUSED;
        }
        case EOFException closed -> {
          return RESET;
        }
        case SocketException socket when resetOrClosed(socket) -> {
          return RESET;
        }
        default -> {
          // look at the cause
        }
      }
    }
    return OTHER;
  }

  /** The JDK's words for a connection the peer dropped: "Connection reset", "Broken pipe". */
  private static boolean resetOrClosed(SocketException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return message.contains("reset")
        || message.contains("broken pipe")
        || message.contains("closed");
  }
}
