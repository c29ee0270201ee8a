package dev.conveyor.bench.router;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The benchmark's alternative backend (bench/router; not a test): a Netty HTTP/1.1 server on
 * 127.0.0.1 that answers every request with the same 13-byte body and keeps connections alive. The
 * run script's default backend is nginx returning the same body, which needs about half the CPU per
 * answer on a 2-core machine (so that more is left for the proxies); {@code --backend netty} picks
 * this one instead.
 *
 * <pre>java -cp conveyor-bench.jar dev.conveyor.bench.router.Backend PORT [THREADS]</pre>
 */
public final class Backend {
  /** The body every answer carries: 13 bytes, the same as the nginx backend's. */
  static final String BODY = "hello, world\n";

  private Backend() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: Backend PORT [THREADS]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    if (!Epoll.isAvailable()) {
      throw new IllegalStateException("native epoll is unavailable", Epoll.unavailabilityCause());
    }
    ByteBuf body =
        Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes(BODY.getBytes(StandardCharsets.US_ASCII)));
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            threads, new DefaultThreadFactory("backend", true), EpollIoHandler.newFactory());
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(EpollServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel.pipeline().addLast(new HttpServerCodec(), new Answer(body));
                  }
                })
            .bind("127.0.0.1", port)
            .sync()
            .channel();
    System.out.println(
        "backend ready on "
            + server.localAddress()
            + " ("
            + threads
            + " event loop"
            + (threads == 1 ? "" : "s")
            + ", Java "
            + Runtime.version()
            + ", "
            + String.join(
                " ",
                List.copyOf(
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
            + ")");
    server.closeFuture().sync();
  }

  /** Answers each request as soon as its head arrives; flushes once per read. */
  private static final class Answer extends ChannelInboundHandlerAdapter {
    private final ByteBuf body;

    Answer(ByteBuf body) {
      this.body = body;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpRequest request) {
          FullHttpResponse response =
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body.duplicate());
          response
              .headers()
              .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
              .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
          if (HttpUtil.isKeepAlive(request)) {
            ctx.write(response, ctx.voidPromise());
          } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
