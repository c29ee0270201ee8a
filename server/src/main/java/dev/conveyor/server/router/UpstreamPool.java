package dev.conveyor.server.router;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * One event loop's keep-alive connections to instances: idle connections per address, reused most
 * recently used first, closed after the idle timeout. Confined to its event loop: no locks.
 */
final class UpstreamPool {
  /** Idle connections kept per address and loop; more concurrent requests open more. */
  private static final int MAX_IDLE_PER_ADDRESS = 512;

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final long idleTimeoutNanos;
  private final HttpDecoderConfig decoderConfig =
      new HttpDecoderConfig()
          .setMaxInitialLineLength(8 << 10)
          .setMaxHeaderSize(64 << 10)
          .setMaxChunkSize(64 << 10);
  private final Map<InetSocketAddress, ArrayDeque<Channel>> idle = new HashMap<>();

  UpstreamPool(EventLoop loop, Transport transport, RouterSettings settings) {
    this.loop = loop;
    this.idleTimeoutNanos = settings.upstreamIdleTimeout().toNanos();
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true);
  }

  /** An idle, open connection to {@code address}, or null. */
  Channel poll(InetSocketAddress address) {
    ArrayDeque<Channel> channels = idle.get(address);
    if (channels == null) {
      return null;
    }
    Channel channel;
    while ((channel = channels.pollLast()) != null) {
      if (channel.isActive()) {
        return channel;
      }
    }
    return null;
  }

  /** Opens a new connection to {@code address}, on this loop. */
  ChannelFuture connect(InetSocketAddress address) {
    return bootstrap
        .clone()
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel channel) {
                channel
                    .pipeline()
                    .addLast(
                        new HttpClientCodec(decoderConfig, false, false),
                        new UpstreamHandler(address));
              }
            })
        .connect(address);
  }

  /** Takes back a connection whose last answer was read completely, for the next request. */
  void release(Channel channel) {
    if (!channel.isActive()) {
      return;
    }
    UpstreamHandler handler = handler(channel);
    handler.listener = null;
    handler.idleSince = System.nanoTime();
    if (!channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
    ArrayDeque<Channel> channels = idle.computeIfAbsent(handler.address, a -> new ArrayDeque<>());
    channels.addLast(channel);
    if (channels.size() > MAX_IDLE_PER_ADDRESS) {
      channels.pollFirst().close();
    }
  }

  /** Closes connections idle for longer than the idle timeout; run once a second. */
  void sweep() {
    long now = System.nanoTime();
    for (Iterator<ArrayDeque<Channel>> it = idle.values().iterator(); it.hasNext(); ) {
      ArrayDeque<Channel> channels = it.next();
      Channel oldest;
      while ((oldest = channels.peekFirst()) != null
          && (!oldest.isActive() || now - handler(oldest).idleSince > idleTimeoutNanos)) {
        channels.pollFirst().close();
      }
      if (channels.isEmpty()) {
        it.remove();
      }
    }
  }

  /** Closes the idle connections to addresses no routing table names any more. */
  void retainOnly(Set<InetSocketAddress> wanted) {
    for (Iterator<Map.Entry<InetSocketAddress, ArrayDeque<Channel>>> it =
            idle.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<InetSocketAddress, ArrayDeque<Channel>> entry = it.next();
      if (!wanted.contains(entry.getKey())) {
        entry.getValue().forEach(Channel::close);
        it.remove();
      }
    }
  }

  /** Idle connections right now, for tests and the curious. */
  int idleCount() {
    return idle.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  EventLoop loop() {
    return loop;
  }

  static UpstreamHandler handler(Channel channel) {
    return (UpstreamHandler) channel.pipeline().last();
  }
}
