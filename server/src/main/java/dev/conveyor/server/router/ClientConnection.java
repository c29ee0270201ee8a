package dev.conveyor.server.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection to a fleet's port: reads requests (refusing the malformed and the
 * ambiguous), gathers each body, and runs the requests one at a time, in order, as {@link
 * Exchange}s. Pipelined requests wait their turn. Closes the connection once it has been idle (no
 * request under way, nothing read and no answer finished) for the client idle timeout. Confined to
 * its event loop.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

  /** Requests a client may pipeline before the router stops reading from it. */
  private static final int MAX_PIPELINED = 16;

  /** Body parts gathered before the composite buffer consolidates them. */
  private static final int MAX_BODY_PARTS = 1024;

  private final FleetRoute fleet;
  private final RouterContext router;
  private ChannelHandlerContext ctx;
  private LoopContext loop;
  private ForwardingHeaders.Client forwarding;
  private HttpRequest reading;
  private boolean readingKeepAlive;
  private ByteBuf body;
  private boolean refusing; // no more input: a refused request leaves the stream untrustworthy
  private boolean closing; // the connection is closing: no more answers
  private Exchange current;
  private ArrayDeque<Exchange> queued;
  private long lastActivity; // System.nanoTime() of the last read, or of the last answer's end
  private ScheduledFuture<?> idleCheck;

  ClientConnection(FleetRoute fleet, RouterContext router) {
    this.fleet = fleet;
    this.router = router;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.loop = router.loop(ctx.channel().eventLoop());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    String address =
        ctx.channel().remoteAddress() instanceof InetSocketAddress remote
            ? remote.getAddress().getHostAddress()
            : "unknown";
    forwarding = new ForwardingHeaders.Client(address);
    lastActivity = System.nanoTime();
    idleCheck = ctx.executor().schedule(this, router.clientIdleTimeoutNanos, TimeUnit.NANOSECONDS);
    super.channelActive(ctx);
  }

  /**
   * The idle check, one timer per connection (cheaper than Netty's IdleStateHandler, which adds a
   * listener to every write): closes the connection when it has been idle for the whole client idle
   * timeout, else checks again when it could next be.
   */
  @Override
  public void run() {
    idleCheck = null;
    if (closing || !ctx.channel().isActive()) {
      return;
    }
    long timeout = router.clientIdleTimeoutNanos;
    long left = timeout - (System.nanoTime() - lastActivity);
    if (left <= 0) {
      if (current == null && reading == null) {
        ctx.close(); // an idle keep-alive connection
        return;
      }
      left = timeout; // a request is under way: its end counts as activity
    }
    idleCheck = ctx.executor().schedule(this, left, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    lastActivity = System.nanoTime();
    super.channelReadComplete(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        onRequest(request);
      }
      if (msg instanceof HttpContent content) {
        onContent(content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(HttpRequest request) {
    if (refusing || closing) {
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    Exchange.Refusal refusal = refusal(request);
    if (refusal != null) {
      refusing = true; // answered in turn, after the requests before it, then the connection closes
      dispatch(
          new Exchange(
              this,
              fleet,
              router,
              loop,
              request,
              Unpooled.EMPTY_BUFFER,
              fleet.templates().route("", "/"),
              false,
              refusal));
      return;
    }
    if (HttpUtil.is100ContinueExpected(request)) {
      request.headers().remove(HttpHeaderNames.EXPECT);
      if (current == null) { // with an answer still streaming, the client's own wait takes over
        ctx.writeAndFlush(
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER),
            ctx.voidPromise());
      }
    }
    reading = request;
    readingKeepAlive = keepAlive;
  }

  private void onContent(HttpContent content) {
    if (reading == null || refusing || closing) {
      return;
    }
    ByteBuf data = content.content();
    if (data.isReadable()) {
      long size = (body == null ? 0L : body.readableBytes()) + data.readableBytes();
      if (size > router.settings.maxRequestBody()) {
        HttpRequest request = reading;
        dropBody();
        refusing = true;
        dispatch(
            new Exchange(
                this,
                fleet,
                router,
                loop,
                request,
                Unpooled.EMPTY_BUFFER,
                fleet.templates().route(request.method().name(), request.uri()),
                false,
                tooLarge(size)));
        return;
      }
      if (body == null) {
        body = data.retain();
      } else if (body instanceof CompositeByteBuf parts) {
        parts.addComponent(true, data.retain());
      } else {
        CompositeByteBuf parts = ctx.alloc().compositeBuffer(MAX_BODY_PARTS);
        parts.addComponent(true, body);
        parts.addComponent(true, data.retain());
        body = parts;
      }
    }
    if (content instanceof LastHttpContent) {
      HttpRequest request = reading;
      ByteBuf complete = body == null ? Unpooled.EMPTY_BUFFER : body;
      reading = null;
      body = null;
      RequestCapture capture = fleet.capture;
      if (capture != null) {
        try {
          capture.offer(request, complete);
        } catch (RuntimeException e) { // a broken capture must never fail the request
          router.observerFailed("request capture", e);
        }
      }
      dispatch(
          new Exchange(
              this,
              fleet,
              router,
              loop,
              request,
              complete,
              fleet.templates().route(request.method().name(), request.uri()),
              readingKeepAlive,
              null));
    }
  }

  /** Why the router refuses {@code request} before asking any instance, or null to forward it. */
  private Exchange.Refusal refusal(HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongHttpLineException) {
        return new Exchange.Refusal(
            HttpResponseStatus.REQUEST_URI_TOO_LONG,
            "uri_too_long",
            "the request line is longer than the router's limit of "
                + router.clientDecoder.getMaxInitialLineLength()
                + " bytes");
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return new Exchange.Refusal(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "request_header_fields_too_large",
            "the request headers are larger than the router's limit of "
                + router.clientDecoder.getMaxHeaderSize()
                + " bytes");
      }
      return badRequest(
          "the request could not be parsed: "
              + (cause instanceof TooLongFrameException || cause.getMessage() == null
                  ? cause.getClass().getSimpleName()
                  : cause.getMessage()));
    }
    HttpVersion version = request.protocolVersion();
    if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
      return new Exchange.Refusal(
          HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
          "http_version_not_supported",
          "HTTP version " + version + " is not supported: use HTTP/1.1 or HTTP/1.0");
    }
    HttpHeaders headers = request.headers();
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      // RFC 9112 §6.1 and §6.3: framing two ways, or a coding we cannot undo, is a smuggling risk.
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        return badRequest(
            "the request has both Content-Length and Transfer-Encoding: send only one of them");
      }
      if (version.equals(HttpVersion.HTTP_1_0)) {
        return badRequest("an HTTP/1.0 request must not use Transfer-Encoding");
      }
      List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
      if (codings.size() != 1
          || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).strip())) {
        return new Exchange.Refusal(
            HttpResponseStatus.NOT_IMPLEMENTED,
            "not_implemented",
            "Transfer-Encoding '"
                + String.join(", ", codings)
                + "' is not supported: send 'chunked' or Content-Length");
      }
    }
    long length = HttpUtil.getContentLength(request, 0L);
    if (length > router.settings.maxRequestBody()) {
      return tooLarge(length);
    }
    if (request.method().equals(HttpMethod.CONNECT)) {
      return new Exchange.Refusal(
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          "method_not_allowed",
          "CONNECT is not supported: the router forwards requests to paths, not tunnels");
    }
    String uri = request.uri();
    boolean asterisk = uri.equals("*") && request.method().equals(HttpMethod.OPTIONS);
    if (!uri.startsWith("/") && !asterisk) {
      return badRequest(
          "the request target '" + shorten(uri) + "' must be a path starting with '/'");
    }
    String expect = headers.get(HttpHeaderNames.EXPECT);
    if (expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.strip())) {
      return new Exchange.Refusal(
          HttpResponseStatus.EXPECTATION_FAILED,
          "expectation_failed",
          "Expect '" + shorten(expect) + "' is not supported: only 100-continue is");
    }
    return null;
  }

  private Exchange.Refusal tooLarge(long size) {
    return new Exchange.Refusal(
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        "payload_too_large",
        "the request body of "
            + size
            + " bytes or more is over the router's limit of "
            + router.settings.maxRequestBody()
            + " bytes");
  }

  private static Exchange.Refusal badRequest(String message) {
    return new Exchange.Refusal(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
  }

  private static String shorten(String text) {
    return text.length() <= 100 ? text : text.substring(0, 100) + "…";
  }

  private void dispatch(Exchange exchange) {
    if (current == null) {
      current = exchange;
      exchange.start();
      return;
    }
    if (queued == null) {
      queued = new ArrayDeque<>(4);
    }
    queued.add(exchange);
    if (queued.size() >= MAX_PIPELINED) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /** Runs the next waiting request, if the connection stays open. */
  private void next() {
    current = null;
    lastActivity = System.nanoTime();
    if (closing || queued == null) { // closing: queued requests were dropped already
      return;
    }
    Exchange exchange = queued.poll();
    if (exchange != null) {
      if (!ctx.channel().config().isAutoRead()) {
        ctx.channel().config().setAutoRead(true);
      }
      current = exchange;
      exchange.start();
    }
  }

  // What the current exchange calls back.

  ForwardingHeaders.Client forwarding() {
    return forwarding;
  }

  boolean isActive() {
    return ctx.channel().isActive();
  }

  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  void write(Object message) {
    ctx.write(message, ctx.voidPromise());
  }

  void flush() {
    ctx.flush();
  }

  /** The current answer's last part: write it, then close or go on with the next request. */
  void finish(LastHttpContent last, boolean close) {
    if (close) {
      closeAfter(last);
    } else {
      ctx.writeAndFlush(last, ctx.voidPromise());
      next();
    }
  }

  /** Answers the current request with the router's own JSON error. */
  void answer(
      HttpResponseStatus status, String code, String message, boolean keepAlive, boolean http11) {
    Object response = ErrorAnswer.of(status, code, message, keepAlive, http11);
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
      next();
    } else {
      closeAfter(response);
    }
  }

  /** Ends the connection now: the current answer cannot be completed. */
  void abort() {
    closing = true;
    current = null;
    ctx.close();
  }

  private void closeAfter(Object message) {
    closing = true;
    current = null;
    ctx.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
    dropQueued();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable() && current != null) {
      current.clientWritable();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    closing = true;
    if (idleCheck != null) {
      idleCheck.cancel(false);
      idleCheck = null;
    }
    dropBody();
    Exchange exchange = current;
    current = null;
    if (exchange != null) {
      exchange.clientGone();
    }
    dropQueued();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("client connection to {} failed; closing it", fleet.key, cause);
    ctx.close();
  }

  private void dropBody() {
    reading = null;
    if (body != null) {
      body.release();
      body = null;
    }
  }

  private void dropQueued() {
    if (queued != null) {
      Exchange exchange;
      while ((exchange = queued.poll()) != null) {
        exchange.discard();
      }
    }
  }
}
