package dev.conveyor.server.pipeline;

import java.nio.charset.StandardCharsets;

/**
 * The last bytes a child process wrote, under a cap: older output is dropped as newer arrives, so a
 * chatty command cannot exhaust the server's memory. A simulation is scored on its last line, which
 * the tail always holds.
 */
final class OutputTail {
  private final byte[] ring;
  private long written;

  OutputTail(int capBytes) {
    if (capBytes < 1) {
      throw new IllegalArgumentException("an output cap is 1 byte or more, got " + capBytes);
    }
    this.ring = new byte[capBytes];
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = 0; i < length; i++) {
      ring[(int) (written++ % ring.length)] = bytes[offset + i];
    }
  }

  /** Every byte written, kept or dropped. */
  synchronized long written() {
    return written;
  }

  /** The kept tail as text; when bytes were dropped, from the first whole line kept. */
  synchronized String text() {
    int kept = (int) Math.min(written, ring.length);
    byte[] out = new byte[kept];
    int start = (int) ((written - kept) % ring.length);
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (written > kept) {
      int newline = text.indexOf('\n');
      // A line cut by the cap is dropped, unless it is all there is.
      if (newline >= 0 && newline < text.length() - 1) {
        text = text.substring(newline + 1);
      }
    }
    return text;
  }
}
