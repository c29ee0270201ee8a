package dev.conveyor.server.router;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the router keeps of an answer in order to compare a shadow's with the primary's: the status,
 * the allow-listed headers, and the body up to the shadow body cap. Filled on an event loop, then
 * only read (by the comparison thread).
 */
final class CapturedResponse {
  final int status;
  final Map<String, List<String>> headers;
  final String contentType;
  private byte[] body = new byte[0];
  private int length;
  private boolean overCap;

  private CapturedResponse(int status, Map<String, List<String>> headers, String contentType) {
    this.status = status;
    this.headers = headers;
    this.contentType = contentType;
  }

  /** The status and allow-listed headers of {@code head}, before hop-by-hop headers go. */
  static CapturedResponse of(HttpResponse head, Set<String> allowed) {
    Map<String, List<String>> kept = new TreeMap<>();
    for (String name : allowed) {
      List<String> values = head.headers().getAll(name);
      if (!values.isEmpty()) {
        kept.put(name, List.copyOf(values));
      }
    }
    return new CapturedResponse(
        head.status().code(), kept, head.headers().get(HttpHeaderNames.CONTENT_TYPE));
  }

  /**
   * Appends body bytes, keeping at most {@code cap} in all; the rest only marks it over the cap.
   */
  void append(ByteBuf data, int cap) {
    int n = data.readableBytes();
    if (n == 0 || overCap) {
      return;
    }
    if (length + n > cap) {
      overCap = true;
      return;
    }
    if (length + n > body.length) {
      body = Arrays.copyOf(body, Math.min(cap, Math.max(length + n, body.length * 2 + 256)));
    }
    data.getBytes(data.readerIndex(), body, length, n);
    length += n;
  }

  /** Whether the body was larger than the cap (and so is not compared). */
  boolean overCap() {
    return overCap;
  }

  /** The kept body bytes. */
  byte[] body() {
    return length == body.length ? body : Arrays.copyOf(body, length);
  }
}
