package dev.conveyor.server.router;

import dev.conveyor.server.router.RouteSnapshot.RoutedTarget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One mirrored copy of a request, sent to one shadow instance on the request's event loop. Its
 * answer is captured for comparison and measured as the shadow's traffic; it never reaches the
 * client, and nothing it does (slow, refused, reset) touches the client's request.
 */
final class ShadowCall implements UpstreamListener, ChannelFutureListener {
  private final RouterContext router;
  private final LoopContext loop;
  private final RoutedTarget shadow;
  private final int route;
  private final Mirror mirror;
  private HttpRequest request;
  private ByteBuf body;
  private long started;
  private Channel upstream;
  private CapturedResponse answer;
  private boolean reusable;
  private boolean finished;
  private long deadline;

  ShadowCall(
      RouterContext router,
      LoopContext loop,
      RoutedTarget shadow,
      int route,
      Mirror mirror,
      HttpRequest request,
      ByteBuf body) {
    this.router = router;
    this.loop = loop;
    this.shadow = shadow;
    this.route = route;
    this.mirror = mirror;
    this.request = request;
    this.body = body;
  }

  void start() {
    shadow.traffic().begin();
    started = System.nanoTime();
    Channel pooled = loop.pool.poll(shadow.address());
    if (pooled != null) {
      send(pooled);
    } else if (shadow.address().isUnresolved()) {
      connectFailed();
    } else {
      loop.pool.connect(shadow.address()).addListener(this);
    }
  }

  @Override
  public void operationComplete(ChannelFuture future) {
    if (future.isSuccess()) {
      send(future.channel());
    } else {
      connectFailed();
    }
  }

  private void send(Channel channel) {
    upstream = channel;
    UpstreamPool.handler(channel).listener = this;
    HttpRequest head = request;
    ByteBuf content = body;
    request = null;
    body = null;
    channel.write(head, channel.voidPromise());
    channel.writeAndFlush(
        content.isReadable() ? new DefaultLastHttpContent(content) : lastAndRelease(content),
        channel.voidPromise());
    if (!finished) { // a write can fail at once, and finish the call from within
      deadline = System.nanoTime() + router.shadowTimeoutNanos;
      UpstreamPool.handler(channel).watch(deadline);
    }
  }

  private static LastHttpContent lastAndRelease(ByteBuf empty) {
    empty.release();
    return LastHttpContent.EMPTY_LAST_CONTENT;
  }

  @Override
  public void onHead(HttpResponse head) {
    answer = CapturedResponse.of(head, router.settings.shadowHeaders());
    reusable = HttpUtil.isKeepAlive(head);
  }

  @Override
  public void onContent(HttpContent content) {
    try {
      if (answer != null) {
        answer.append(content.content(), router.settings.shadowBodyCap());
      }
    } finally {
      content.release();
    }
    if (content instanceof LastHttpContent && answer != null) {
      finish();
      if (reusable) {
        loop.pool.release(upstream);
      } else {
        upstream.close();
      }
      record(answer.status, false);
      mirror.shadowAnswered(shadow.id(), answer);
    }
  }

  @Override
  public void onReadComplete() {}

  @Override
  public void upstreamFailed(Throwable cause) {
    if (finished) {
      return;
    }
    finish();
    upstream.close();
    record(502, false);
    mirror.shadowFailed(shadow.id());
  }

  /** The shadow's whole answer is due within the shadow response timeout of sending. */
  @Override
  public long deadline() {
    return deadline;
  }

  /** The shadow response timeout passed. */
  @Override
  public void timedOut() {
    if (finished) {
      return;
    }
    finish();
    UpstreamPool.handler(upstream).listener = null;
    upstream.close();
    record(504, true);
    mirror.shadowFailed(shadow.id());
  }

  private void connectFailed() {
    finished = true;
    if (body != null) {
      body.release();
      body = null;
    }
    request = null;
    try {
      shadow.traffic().series.meter(loop.index).connectFailed(route);
    } catch (RuntimeException e) {
      router.observerFailed("metrics", e);
    }
    shadow.traffic().end();
    mirror.shadowFailed(shadow.id());
  }

  private void finish() {
    finished = true;
    if (upstream != null) {
      UpstreamPool.handler(upstream).listener = null;
    }
    shadow.traffic().end();
  }

  private void record(int status, boolean timedOut) {
    try {
      long micros = (System.nanoTime() - started) / 1_000;
      shadow.traffic().series.meter(loop.index).answered(route, status, micros, timedOut);
    } catch (RuntimeException e) {
      router.observerFailed("metrics", e);
    }
  }
}
