package dev.conveyor.server.router;

import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.traffic.RouteTemplates;
import dev.conveyor.server.router.RouteSnapshot.RoutedTarget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One client request's journey through the router: pick an instance by weight, connect (trying
 * another instance only while nothing was sent), forward, stream the answer back, and measure how
 * it ended. Lives on the client connection's event loop, so it needs no locks.
 *
 * <p>Every way it can end (answered, instance failed, timed out, client gone, refused by the
 * router) sets {@code finished} once; whatever arrives after that is ignored.
 */
final class Exchange implements UpstreamListener, ChannelFutureListener {
  private final ClientConnection client;
  private final FleetRoute fleet;
  private final RouterContext router;
  private final LoopContext loop;
  private final HttpRequest request;
  private final RouteTemplates.Route route;
  private final boolean clientKeepAlive;
  private final boolean http11;
  private final boolean headRequest;
  private final Refusal refusal;
  private ByteBuf body;

  private long started;
  private RoutedTarget target;
  private boolean assigned;
  private int attempts;
  private List<InstanceId> tried;
  private List<String> connectFailures;
  private Channel upstream;
  private boolean written;
  private boolean headSent;
  private boolean finished;
  private boolean reusable;
  private boolean closeClient;
  private boolean unflushed;
  private int status;
  private long lastActivity;
  private Mirror mirror;
  private CapturedResponse primaryAnswer;

  /** An answer the router gives without asking an instance, and then closes the connection. */
  record Refusal(HttpResponseStatus status, String code, String message) {}

  Exchange(
      ClientConnection client,
      FleetRoute fleet,
      RouterContext router,
      LoopContext loop,
      HttpRequest request,
      ByteBuf body,
      RouteTemplates.Route route,
      boolean clientKeepAlive,
      Refusal refusal) {
    this.client = client;
    this.fleet = fleet;
    this.router = router;
    this.loop = loop;
    this.request = request;
    this.body = body;
    this.route = route;
    this.clientKeepAlive = clientKeepAlive;
    this.http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
    this.headRequest = request.method().name().equals("HEAD");
    this.refusal = refusal;
  }

  /** Begins: called when it is this request's turn on its connection. */
  void start() {
    started = System.nanoTime();
    if (refusal != null) {
      finish();
      recordUnrouted(refusal.status().code());
      client.answer(refusal.status(), refusal.code(), refusal.message(), false, http11);
      return;
    }
    RoutedTarget first = assign();
    if (first == null) {
      finish();
      recordUnrouted(HttpResponseStatus.SERVICE_UNAVAILABLE.code());
      client.answer(
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "no_active_instance",
          fleet.noActiveInstance,
          clientKeepAlive,
          http11);
      return;
    }
    forwardTo(first);
  }

  /**
   * Picks an active instance (not yet tried) and counts the request in flight there. If a new table
   * arrived meanwhile, picks again from it: so that once {@code update} returns, no request can
   * still start on an instance the new table left out, and a drain that sees zero is final.
   */
  private RoutedTarget assign() {
    while (true) {
      RouteSnapshot snapshot = fleet.snapshot;
      long n = loop.nextPick();
      RoutedTarget picked = tried == null ? snapshot.pick(n) : snapshot.pick(n, tried);
      if (picked == null) {
        return null;
      }
      picked.traffic().begin();
      if (fleet.snapshot == snapshot) {
        assigned = true;
        return picked;
      }
      picked.traffic().end();
    }
  }

  private void forwardTo(RoutedTarget next) {
    target = next;
    attempts++;
    Channel pooled = loop.pool.poll(next.address());
    if (pooled != null) {
      send(pooled);
    } else if (next.address().isUnresolved()) {
      connectFailed(new UnresolvedAddressException());
    } else {
      loop.pool.connect(next.address()).addListener(this);
    }
  }

  /** A new upstream connection is established, or could not be. */
  @Override
  public void operationComplete(ChannelFuture future) {
    if (!future.isSuccess()) {
      connectFailed(future.cause());
    } else if (finished) {
      loop.pool.release(future.channel()); // the client left meanwhile; the connection is fresh
    } else {
      send(future.channel());
    }
  }

  private void connectFailed(Throwable cause) {
    try {
      target.traffic().series.meter(loop.index).connectFailed(route.index());
    } catch (RuntimeException e) {
      router.observerFailed("metrics", e);
    }
    if (finished) {
      return; // the client left while we connected; nothing is in flight any more
    }
    endInFlight();
    if (tried == null) {
      tried = new ArrayList<>(router.settings.maxConnectAttempts());
      connectFailures = new ArrayList<>(router.settings.maxConnectAttempts());
    }
    tried.add(target.id());
    connectFailures.add(target.id() + " at " + target.endpoint() + ": " + describe(cause));
    if (recover(cause)) {
      RoutedTarget next = assign();
      if (next != null) {
        forwardTo(next);
        return;
      }
    }
    finish();
    record(HttpResponseStatus.BAD_GATEWAY.code(), false);
    client.answer(
        HttpResponseStatus.BAD_GATEWAY,
        "upstream_unreachable",
        "service "
            + fleet.key.service()
            + " in "
            + fleet.key.environment()
            + ": no instance accepted a connection ("
            + String.join("; ", connectFailures)
            + ")",
        clientKeepAlive,
        http11);
  }

  /**
   * Whether to try another instance after a failed attempt: the one place that decides between
   * retrying and giving up. Each guard is one reason to give up.
   */
  private boolean recover(Throwable cause) {
    // Never send a request again once any of its bytes may have reached an instance.
    if (written) {
      return false;
    }
    // Only a connection that was never established proves that nothing was sent.
    if (!isConnectFailure(cause)) {
      return false;
    }
    // Nobody waits for the answer any more.
    if (finished || !client.isActive()) {
      return false;
    }
    // Bounded: a request tries at most maxConnectAttempts instances.
    if (attempts >= router.settings.maxConnectAttempts()) {
      return false;
    }
    // Never the same instance twice: an untried active instance with weight must be left.
    if (!fleet.snapshot.hasUntried(tried)) {
      return false;
    }
    return true;
  }

  private static boolean isConnectFailure(Throwable cause) {
    return cause instanceof ConnectException // refused; ConnectTimeoutException is one too
        || cause instanceof ConnectTimeoutException
        || cause instanceof NoRouteToHostException
        || cause instanceof UnresolvedAddressException;
  }

  private void send(Channel channel) {
    upstream = channel;
    UpstreamPool.handler(channel).listener = this;
    prepare();
    ShadowCall[] shadows = mirror(); // copies are taken before the write hands the body on
    written = true;
    ByteBuf content = body;
    body = null;
    channel.write(request, channel.voidPromise());
    channel.writeAndFlush(
        content.isReadable() ? new DefaultLastHttpContent(content) : emptyLast(content),
        channel.voidPromise());
    if (!finished) { // a write can fail at once, and finish the exchange from within
      lastActivity = System.nanoTime();
      UpstreamPool.handler(channel).watch(deadline());
    }
    if (shadows != null) {
      for (ShadowCall shadow : shadows) {
        shadow.start();
      }
    }
  }

  /** Rewrites the request for the instance: framing, hop-by-hop headers, forwarding headers. */
  private void prepare() {
    HttpHeaders headers = request.headers();
    boolean framed =
        headers.contains(HttpHeaderNames.CONTENT_LENGTH)
            || headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
    ForwardingHeaders.stripHopByHop(headers);
    headers.remove(HttpHeaderNames.EXPECT); // the router answered it, or the body is here anyway
    int length = body.readableBytes();
    if (length > 0 || framed) {
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    } else {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    ForwardingHeaders.addForwarded(headers, client.forwarding());
    if (!headers.contains(HttpHeaderNames.HOST)) { // HTTP/1.0 clients may leave Host out
      headers.set(HttpHeaderNames.HOST, target.endpoint().toString());
    }
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
  }

  /** The copies of this request for the fleet's shadows, or null when there are none. */
  private ShadowCall[] mirror() {
    RoutedTarget[] shadows = fleet.snapshot.shadows;
    if (shadows.length == 0) {
      return null;
    }
    Mirror pairing = new Mirror(router.shadows, fleet.key, route.template());
    if (body.readableBytes() > router.settings.shadowBodyCap()) {
      for (RoutedTarget shadow : shadows) {
        pairing.skipped(shadow.id());
      }
      return null;
    }
    mirror = pairing;
    ShadowCall[] calls = new ShadowCall[shadows.length];
    for (int i = 0; i < shadows.length; i++) {
      HttpRequest copy =
          new DefaultHttpRequest(
              HttpVersion.HTTP_1_1, request.method(), request.uri(), request.headers().copy());
      calls[i] =
          new ShadowCall(
              router, loop, shadows[i], route.index(), mirror, copy, body.retainedDuplicate());
    }
    return calls;
  }

  @Override
  public void onHead(HttpResponse response) {
    status = response.status().code();
    if (status == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      UpstreamPool.handler(upstream).listener = null;
      upstreamFailed(new IOException("it switched protocols, which the router does not forward"));
      return;
    }
    reusable = HttpUtil.isKeepAlive(response);
    if (mirror != null) {
      try {
        primaryAnswer = CapturedResponse.of(response, router.settings.shadowHeaders());
      } catch (RuntimeException e) {
        router.observerFailed("shadow capture", e);
      }
    }
    HttpHeaders headers = response.headers();
    boolean chunked = HttpUtil.isTransferEncodingChunked(response);
    boolean bodyless = headRequest || status == 204 || status == 304;
    ForwardingHeaders.stripHopByHop(headers);
    boolean keepAlive = clientKeepAlive;
    boolean delimited = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
    if (http11 && (chunked || (!bodyless && !delimited))) {
      // Re-chunked for the client: also turns an answer that ends with its connection into one
      // that can share a keep-alive connection.
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else if (!bodyless && !delimited) {
      keepAlive = false; // an HTTP/1.0 client learns where the body ends when the connection does
    }
    if (!keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!http11) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    closeClient = !keepAlive;
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    headSent = true;
    client.write(response);
    unflushed = true;
  }

  @Override
  public void onContent(HttpContent content) {
    if (primaryAnswer != null) {
      try {
        primaryAnswer.append(content.content(), router.settings.shadowBodyCap());
      } catch (RuntimeException e) {
        router.observerFailed("shadow capture", e);
        primaryAnswer = null;
      }
    }
    if (!(content instanceof LastHttpContent last)) {
      client.write(content);
      unflushed = true;
      if (!client.isWritable()) { // the client reads slower than the instance writes: wait
        upstream.config().setAutoRead(false);
      }
      return;
    }
    finish();
    UpstreamPool.handler(upstream).listener = null;
    if (reusable) {
      loop.pool.release(upstream);
    } else {
      upstream.close();
    }
    endInFlight();
    record(status, false);
    if (mirror != null) {
      if (primaryAnswer != null) {
        mirror.primaryAnswered(primaryAnswer);
      } else {
        mirror.primaryFailed();
      }
    }
    client.finish(last, closeClient);
  }

  @Override
  public void onReadComplete() {
    lastActivity = System.nanoTime();
    if (unflushed && !finished) {
      unflushed = false;
      client.flush();
    }
  }

  @Override
  public void upstreamFailed(Throwable cause) {
    if (finished) {
      return;
    }
    finish();
    upstream.close();
    endInFlight();
    if (mirror != null) {
      mirror.primaryFailed();
    }
    record(HttpResponseStatus.BAD_GATEWAY.code(), false);
    if (headSent) {
      client.abort(); // the client has part of an answer; only a close tells it the rest is lost
    } else {
      client.answer(
          HttpResponseStatus.BAD_GATEWAY,
          "upstream_reset",
          "instance "
              + target.id()
              + " at "
              + target.endpoint()
              + " closed the connection before its answer was complete ("
              + describe(cause)
              + ")",
          clientKeepAlive,
          http11);
    }
  }

  /** The instance may stay silent for the response timeout, counted from its last sign of life. */
  @Override
  public long deadline() {
    return lastActivity + router.responseTimeoutNanos;
  }

  /** The instance was silent for the whole response timeout. */
  @Override
  public void timedOut() {
    if (finished) {
      return;
    }
    finish();
    UpstreamPool.handler(upstream).listener = null;
    upstream.close();
    endInFlight();
    if (mirror != null) {
      mirror.primaryFailed();
    }
    record(HttpResponseStatus.GATEWAY_TIMEOUT.code(), true);
    if (headSent) {
      client.abort();
    } else {
      client.answer(
          HttpResponseStatus.GATEWAY_TIMEOUT,
          "upstream_timeout",
          "instance "
              + target.id()
              + " at "
              + target.endpoint()
              + " did not answer within "
              + ErrorAnswer.duration(router.settings.responseTimeout()),
          clientKeepAlive,
          http11);
    }
  }

  /** The client connection closed: stop, and free what the request holds. Not counted. */
  void clientGone() {
    if (finished) {
      return;
    }
    finish();
    if (upstream != null) {
      UpstreamPool.handler(upstream).listener = null;
      upstream.close(); // mid-answer: the connection cannot carry another request
    }
    discard();
    endInFlight();
    if (mirror != null) {
      mirror.primaryFailed();
    }
  }

  /** Frees the body of a request that will never be sent. */
  void discard() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  /** The client can take more: read on from the instance. */
  void clientWritable() {
    if (!finished && upstream != null && !upstream.config().isAutoRead()) {
      upstream.config().setAutoRead(true);
    }
  }

  private void finish() {
    finished = true;
    if (!written) {
      discard();
    }
  }

  private void endInFlight() {
    if (assigned) {
      assigned = false;
      target.traffic().end();
    }
  }

  private void record(int answered, boolean timedOut) {
    try {
      long micros = (System.nanoTime() - started) / 1_000;
      target.traffic().series.meter(loop.index).answered(route.index(), answered, micros, timedOut);
    } catch (RuntimeException e) {
      router.observerFailed("metrics", e);
    }
  }

  private void recordUnrouted(int answered) {
    try {
      fleet.unrouted.meter(loop.index).answered(route.index(), answered, 0, false);
    } catch (RuntimeException e) {
      router.observerFailed("metrics", e);
    }
  }

  private static LastHttpContent emptyLast(ByteBuf empty) {
    empty.release();
    return LastHttpContent.EMPTY_LAST_CONTENT;
  }

  /** A cause as a few words for a message: "connection refused", "connection reset". */
  private static String describe(Throwable cause) {
    String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
    if (cause instanceof ConnectTimeoutException) {
      return "connect timed out";
    }
    if (cause instanceof UnresolvedAddressException) {
      return "host name not resolved";
    }
    if (cause instanceof NoRouteToHostException) {
      return "no route to host";
    }
    if (cause instanceof ClosedChannelException) {
      return "connection closed";
    }
    // Native and NIO transports word these differently ("finishConnect(..) failed with
    // error(-111): Connection refused", "Connection refused: /127.0.0.1:1234"): keep the gist.
    for (String gist : new String[] {"connection refused", "connection reset", "broken pipe"}) {
      if (message.contains(gist)) {
        return gist;
      }
    }
    return message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
