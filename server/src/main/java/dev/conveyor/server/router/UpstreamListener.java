package dev.conveyor.server.router;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** Whoever waits for an answer on an upstream connection: a client's request or a shadow copy. */
interface UpstreamListener {
  /** The answer's status line and headers (never an interim 1xx answer). */
  void onHead(HttpResponse head);

  /** A part of the answer's body; the listener owns (and releases) it. The last part ends it. */
  void onContent(HttpContent content);

  /** The connection has no more to read for now. */
  void onReadComplete();

  /** The connection failed or closed before the answer was complete. */
  void upstreamFailed(Throwable cause);

  /**
   * When ({@link System#nanoTime}) the listener gives up waiting unless something happens first;
   * may move later as the answer arrives.
   */
  long deadline();

  /** The deadline passed: give up on the answer. */
  void timedOut();
}
