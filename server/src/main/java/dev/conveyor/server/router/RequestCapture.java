package dev.conveyor.server.router;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.replay.RecordedRequest;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sample of the requests one fleet receives, kept to be replayed in staging: each forwarded
 * request is taken with chance {@code sample} until {@code limit} are held. Only the method,
 * target, {@code content-type}, {@code accept} and body are kept ({@link RecordedRequest}); bodies
 * over {@link #MAX_BODY_BYTES} or not UTF-8 text are skipped, not cut or mangled. Offered on the
 * event loops; a fleet without a capture pays one volatile read per request.
 */
final class RequestCapture {
  /** Bodies above this are not kept: a replay set is for message flows, not for uploads. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** The most requests one capture may hold. */
  static final int MAX_LIMIT = 10_000;

  final double sample;
  final int limit;
  final Instant started;
  private final LongAdder seen = new LongAdder();
  private final LongAdder skipped = new LongAdder();
  private final List<RecordedRequest> captured = new ArrayList<>(); // guarded by this
  private volatile boolean full;

  RequestCapture(double sample, int limit, Instant started) {
    Preconditions.check(
        sample > 0 && sample <= 1,
        "capture sample must be above 0 and at most 1, such as 0.1 for 10%% of requests, got %s",
        sample);
    Preconditions.check(
        limit >= 1 && limit <= MAX_LIMIT,
        "capture limit must be 1 to %s requests, got %s",
        MAX_LIMIT,
        limit);
    this.sample = sample;
    this.limit = limit;
    this.started = started;
  }

  /** Offers one forwarded request, with its whole body; keeps it if sampled and there is room. */
  void offer(HttpRequest request, ByteBuf body) {
    if (full) {
      return;
    }
    seen.increment();
    if (sample < 1 && ThreadLocalRandom.current().nextDouble() >= sample) {
      return;
    }
    if (body.readableBytes() > MAX_BODY_BYTES) {
      skipped.increment();
      return;
    }
    String text = text(body);
    if (text == null) {
      skipped.increment(); // a binary body: a replay set holds text
      return;
    }
    RecordedRequest recorded;
    try {
      Map<String, String> headers = new TreeMap<>();
      for (var name : List.of(HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.ACCEPT)) {
        String value = request.headers().get(name);
        if (value != null) {
          headers.put(name.toString(), value);
        }
      }
      recorded = new RecordedRequest(request.method().name(), target(request.uri()), headers, text);
    } catch (InvalidInputException | IllegalArgumentException unreplayable) {
      skipped.increment(); // an odd method token or target that a replay could not send
      return;
    }
    synchronized (this) {
      if (captured.size() < limit) {
        captured.add(recorded);
        full = captured.size() >= limit;
      }
    }
  }

  /** The body as UTF-8 text, or null when it is not valid UTF-8. */
  private static String text(ByteBuf body) {
    if (body.readableBytes() == 0) {
      return "";
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(body.nioBuffer(body.readerIndex(), body.readableBytes()))
          .toString();
    } catch (CharacterCodingException binary) {
      return null;
    }
  }

  /** The request target in origin form ({@code /path?query}), also from an absolute URI. */
  private static String target(String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    URI absolute = URI.create(uri);
    String path =
        absolute.getRawPath() == null || absolute.getRawPath().isEmpty()
            ? "/"
            : absolute.getRawPath();
    return absolute.getRawQuery() == null ? path : path + "?" + absolute.getRawQuery();
  }

  /** Where the capture stands, with a copy of what it holds. */
  synchronized CaptureStatus status() {
    return new CaptureStatus(
        sample, limit, started, seen.sum(), skipped.sum(), List.copyOf(captured));
  }
}
