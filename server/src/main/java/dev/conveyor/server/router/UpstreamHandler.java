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

/**
 * The last handler of an upstream connection: hands what the instance sends to the request that
 * currently uses the connection, and reports failures to it. An idle pooled connection has no
 * listener; anything it receives is unasked for, and the connection is closed.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  final InetSocketAddress address;
  UpstreamListener listener;
  long idleSince;
  private boolean skippingInterim;

  UpstreamHandler(InetSocketAddress address) {
    this.address = address;
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
