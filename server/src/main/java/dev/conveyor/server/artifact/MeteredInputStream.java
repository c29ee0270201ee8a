package dev.conveyor.server.artifact;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it and refuses to read past a ceiling that its owner moves along:
 * how the archive reader bounds what the tar library may consume on its own (PAX and long-name
 * records, which it buffers in memory) between the entries it hands out.
 */
final class MeteredInputStream extends FilterInputStream {
  /** Thrown when a read would pass the ceiling; the tar library may wrap it, so see tripped(). */
  static final class CeilingReached extends IOException {
    private static final long serialVersionUID = 1L;

    CeilingReached() {
      super("read past the metered ceiling");
    }
  }

  private long count;
  private long ceiling = Long.MAX_VALUE;
  private boolean tripped;

  MeteredInputStream(InputStream in) {
    super(in);
  }

  /** Bytes read so far. */
  long count() {
    return count;
  }

  /** Allows reading up to {@code count() + bytes} in total, and no further. */
  void allow(long bytes) {
    ceiling = bytes > Long.MAX_VALUE - count ? Long.MAX_VALUE : count + Math.max(bytes, 0);
  }

  /** Whether a read was refused for passing the ceiling. */
  boolean tripped() {
    return tripped;
  }

  @Override
  public int read() throws IOException {
    if (count >= ceiling) {
      throw trip();
    }
    int b = in.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    long room = ceiling - count;
    if (room <= 0) {
      throw trip();
    }
    int n = in.read(buffer, offset, (int) Math.min(length, room));
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    long room = ceiling - count;
    if (room <= 0) {
      throw trip();
    }
    long skipped = in.skip(Math.min(n, room));
    if (skipped > 0) {
      count += skipped;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readLimit) {}

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  private CeilingReached trip() {
    tripped = true;
    return new CeilingReached();
  }
}
