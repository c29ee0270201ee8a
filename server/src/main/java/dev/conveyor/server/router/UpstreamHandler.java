package dev.conveyor.server.router;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The last handler of an upstream connection: hands what the instance sends to the request that
 * currently uses the connection, and reports failures to it. An idle pooled connection has no
 * listener; anything it receives is unasked for, and the connection is closed.
 *
 * <p>It also keeps the connection's watchdog, which enforces the listener's {@link
 * UpstreamListener#deadline() deadline}. One timer serves all the requests a keep-alive connection
 * carries: it is armed for the first, and when it fires it looks at whoever is waiting then and
 * either times it out or re-arms itself for that one's deadline. A request whose deadline is later
 * than the pending check (the usual case) costs no timer at all; one with an earlier deadline (a
 * shadow copy, whose timeout is shorter) moves the check forward.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter implements Runnable {
  final InetSocketAddress address;
  UpstreamListener listener;
  long idleSince;
  private boolean skippingInterim;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> watchdog;
  private long watchdogAt;

  UpstreamHandler(InetSocketAddress address) {
    this.address = address;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Makes sure the current listener's deadline is checked no later than {@code deadline} (a {@link
   * System#nanoTime} value). Called on the connection's event loop when a request is sent.
   */
  void watch(long deadline) {
    if (watchdog != null) {
      if (watchdogAt - deadline <= 0) {
        return; // a check at or before the deadline is pending; it will re-arm as needed
      }
      watchdog.cancel(false);
    }
    arm(deadline);
  }

  private void arm(long deadline) {
    watchdogAt = deadline;
    watchdog = ctx.executor().schedule(this, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  /** The watchdog: times out the current listener if its deadline passed, else waits for it. */
  @Override
  public void run() {
    watchdog = null;
    UpstreamListener current = listener;
    if (current == null || !ctx.channel().isActive()) {
      return; // idle in the pool, or closed: the next request arms the watchdog again
    }
    long deadline = current.deadline();
    if (deadline - System.nanoTime() > 0) {
      arm(deadline);
    } else {
      current.timedOut();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    UpstreamListener current = listener;
    if (current == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse response) {
      if (response.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        fail(ctx, response.decoderResult().cause());
        return;
      }
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL
          && response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        // 100 Continue, 103 Early Hints: interim answers; the final one follows.
        skippingInterim = true;
        ReferenceCountUtil.release(msg);
        return;
      }
      current.onHead(response);
      if (msg instanceof HttpContent content && listener == current) {
        current.onContent(content);
      }
    } else if (msg instanceof HttpContent content) {
      if (skippingInterim) {
        skippingInterim = !(content instanceof LastHttpContent);
        content.release();
        return;
      }
      current.onContent(content);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    UpstreamListener current = listener;
    if (current != null) {
      current.onReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (watchdog != null) {
      watchdog.cancel(false);
      watchdog = null;
    }
    fail(ctx, new ClosedChannelException());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, cause);
  }

  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    UpstreamListener current = listener;
    listener = null;
    ctx.close();
    if (current != null) {
      current.upstreamFailed(cause);
    }
  }
}
