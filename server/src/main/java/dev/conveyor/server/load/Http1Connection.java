package dev.conveyor.server.load;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 client connection over a blocking socket, meant for a virtual thread:
 * writes a prepared request, reads the response's status and skips its body (sized, chunked or up
 * to the close). Not thread-safe: one exchange at a time.
 *
 * <p>The load generator uses this instead of {@code java.net.http.HttpClient}, which on two cores
 * topped out near 3,300 requests per second with tails of hundreds of milliseconds at 2,000 per
 * second; see {@link LoadGenerator}.
 */
final class Http1Connection implements Closeable {
  /** The longest status or header line accepted; real ones are far shorter. */
  private static final int MAX_LINE = 8 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private boolean reusable = true;
  private int exchanges;
  private long bytesRead;

  private Http1Connection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** A request that found its reused connection closed by the server before any response byte. */
  static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException() {
      super("the server had closed the kept-alive connection");
    }
  }

  /**
   * Connects, giving up at {@code deadlineNanos} ({@link System#nanoTime()} scale).
   *
   * @throws java.net.ConnectException if refused; {@link SocketTimeoutException} if too slow
   */
  static Http1Connection open(InetSocketAddress address, long deadlineNanos) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(address, millisLeft(deadlineNanos));
      return new Http1Connection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Whether another request may follow on this connection. */
  boolean reusable() {
    return reusable;
  }

  /**
   * Sends {@code request} (a complete HTTP/1.1 request) and reads the response up to its end.
   *
   * @param bodyless true for a HEAD request, whose response has no body whatever its headers say
   * @return the response's status code
   * @throws StaleConnectionException if this reused connection was closed before any response byte:
   *     the request may be sent again on a new connection
   * @throws SocketTimeoutException if {@code deadlineNanos} passes first
   */
  int exchange(byte[] request, boolean bodyless, long deadlineNanos) throws IOException {
    boolean reused = exchanges++ > 0;
    long readBefore = bytesRead;
    String statusLine;
    try {
      out.write(request);
      out.flush();
      statusLine = line(deadlineNanos);
    } catch (SocketTimeoutException e) {
      reusable = false;
      throw e;
    } catch (IOException e) {
      reusable = false;
      // EOF, reset or broken pipe before a single response byte, on a connection that served
      // before: the server closed it while idle, and never saw this request.
      if (reused && bytesRead == readBefore) {
        throw new StaleConnectionException();
      }
      throw e;
    }
    int status = status(statusLine);
    while (status >= 100 && status < 200) {
      // An interim response (100 Continue, 103 Early Hints): its headers, then the real one.
      headers(deadlineNanos);
      status = status(line(deadlineNanos));
    }
    Headers headers = headers(deadlineNanos);
    if (statusLine.startsWith("HTTP/1.0") && !headers.keepAlive) {
      reusable = false;
    }
    if (headers.close) {
      reusable = false;
    }
    if (bodyless || status == 204 || status == 304) {
      return status;
    }
    if (headers.chunked) {
      skipChunked(deadlineNanos);
    } else if (headers.contentLength >= 0) {
      skip(headers.contentLength, deadlineNanos);
    } else {
      skipToEnd(deadlineNanos);
      reusable = false;
    }
    return status;
  }

  @Override
  public void close() {
    reusable = false;
    try {
      socket.close();
    } catch (IOException e) {
      // closing: nothing left to do with it
    }
  }

  private record Headers(long contentLength, boolean chunked, boolean close, boolean keepAlive) {}

  private Headers headers(long deadlineNanos) throws IOException {
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    boolean keepAlive = false;
    String line;
    while (!(line = line(deadlineNanos)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolException("malformed response header line: " + line);
      }
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> {
          try {
            contentLength = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new ProtocolException("malformed Content-Length: " + value);
          }
        }
        case "transfer-encoding" -> chunked = value.endsWith("chunked");
        case "connection" -> {
          close = value.contains("close");
          keepAlive = value.contains("keep-alive");
        }
        default -> {
          // not needed to find the end of the response
        }
      }
    }
    return new Headers(contentLength, chunked, close, keepAlive);
  }

  private static int status(String statusLine) throws ProtocolException {
    // "HTTP/1.1 200 OK": the code is the three digits after the first space.
    int space = statusLine.indexOf(' ');
    if (!statusLine.startsWith("HTTP/") || space < 0 || statusLine.length() < space + 4) {
      throw new ProtocolException("not an HTTP status line: " + abbreviate(statusLine));
    }
    try {
      return Integer.parseInt(statusLine.substring(space + 1, space + 4));
    } catch (NumberFormatException e) {
      throw new ProtocolException("not an HTTP status line: " + abbreviate(statusLine));
    }
  }

  private void skipChunked(long deadlineNanos) throws IOException {
    while (true) {
      String sizeLine = line(deadlineNanos);
      int extension = sizeLine.indexOf(';');
      String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).strip();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("malformed chunk size: " + abbreviate(sizeLine));
      }
      if (size == 0) {
        while (!line(deadlineNanos).isEmpty()) {
          // trailer fields, not needed
        }
        return;
      }
      skip(size, deadlineNanos);
      if (!line(deadlineNanos).isEmpty()) {
        throw new ProtocolException("chunk not followed by CRLF");
      }
    }
  }

  private void skip(long count, long deadlineNanos) throws IOException {
    long left = count;
    while (left > 0) {
      if (position == limit) {
        fill(deadlineNanos);
      }
      int step = (int) Math.min(left, limit - position);
      position += step;
      left -= step;
    }
  }

  private void skipToEnd(long deadlineNanos) throws IOException {
    try {
      while (true) {
        position = limit;
        fill(deadlineNanos);
      }
    } catch (EOFException end) {
      // the close is the end of this body
    }
  }

  /** One CRLF-terminated line (a bare LF is accepted), without its terminator. */
  private String line(long deadlineNanos) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (position == limit) {
        fill(deadlineNanos);
      }
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          line.append(new String(buffer, position, i - position, StandardCharsets.ISO_8859_1));
          position = i + 1;
          int last = line.length() - 1;
          if (last >= 0 && line.charAt(last) == '\r') {
            line.setLength(last);
          }
          return line.toString();
        }
      }
      line.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
      position = limit;
      if (line.length() > MAX_LINE) {
        throw new ProtocolException("response line longer than " + MAX_LINE + " bytes");
      }
    }
  }

  private void fill(long deadlineNanos) throws IOException {
    socket.setSoTimeout(millisLeft(deadlineNanos));
    int read = in.read(buffer, 0, buffer.length);
    bytesRead += Math.max(0, read);
    if (read < 0) {
      position = 0;
      limit = 0;
      reusable = false;
      throw new EOFException("the server closed the connection before the response ended");
    }
    position = 0;
    limit = read;
  }

  /** Milliseconds until the deadline, at least 1 (0 would mean no timeout at all to a socket). */
  private static int millisLeft(long deadlineNanos) throws SocketTimeoutException {
    long nanos = deadlineNanos - System.nanoTime();
    if (nanos <= 0) {
      throw new SocketTimeoutException("timed out");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000));
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? "'" + line + "'" : "'" + line.substring(0, 80) + "…'";
  }
}
