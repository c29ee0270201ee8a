package dev.conveyor.server.router;

import io.netty.channel.EventLoop;

/**
 * What one event loop owns: its index into per-loop meters, its upstream pool, and its pick
 * counter. Touched only from that loop's thread.
 */
final class LoopContext {
  final int index;
  final EventLoop loop;
  final UpstreamPool pool;
  private long picks;

  LoopContext(int index, EventLoop loop, UpstreamPool pool) {
    this.index = index;
    this.loop = loop;
    this.pool = pool;
    // Loops start their pick sequences apart, so that two loops' first picks differ.
    this.picks = index * 0x5DEECE66DL;
  }

  /** The next number in this loop's pick sequence. */
  long nextPick() {
    return picks++;
  }
}
