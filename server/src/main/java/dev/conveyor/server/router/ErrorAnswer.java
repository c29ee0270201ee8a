package dev.conveyor.server.router;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * An answer the router gives itself, when no instance could: a status and the JSON body {@code
 * {"error": code, "message": text}}, the same shape as the Conveyor API's errors.
 */
final class ErrorAnswer {
  private ErrorAnswer() {}

  static FullHttpResponse of(
      HttpResponseStatus status, String code, String message, boolean keepAlive, boolean http11) {
    byte[] json =
        ("{\"error\":" + quote(code) + ",\"message\":" + quote(message) + "}")
            .getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!http11) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return response;
  }

  /** A JSON string literal of {@code text}. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A duration as people write it: {@code 250ms}, {@code 30s}, {@code 1.5s}. */
  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 1_000) {
      return millis + "ms";
    }
    if (millis % 1_000 == 0) {
      return (millis / 1_000) + "s";
    }
    return (millis / 1_000)
        + "."
        + String.format(Locale.ROOT, "%03d", millis % 1_000).replaceAll("0+$", "")
        + "s";
  }
}
