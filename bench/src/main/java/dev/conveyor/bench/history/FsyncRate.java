package dev.conveyor.bench.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The physics under every durable append: how many times a second this disk makes a small write
 * durable ({@code fdatasync} after each 4 KiB write). Appending to a growing file is what {@code dd
 * bs=4k oflag=dsync} measures; overwriting a file that already has its blocks is what SQLite's
 * write-ahead log mostly does (it restarts from its beginning after each checkpoint), and is
 * cheaper because the file's size need not be made durable too. One synchronous appender cannot
 * commit more often than this.
 */
final class FsyncRate {
  private static final int BLOCK = 4096;
  private static final int BLOCKS = 1024; // a 4 MiB file, like a WAL of 1000 pages

  private FsyncRate() {}

  /** Durable 4 KiB writes per second, each appended to {@code file}, for {@code seconds}. */
  static double appending(Path file, double seconds) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      return measure(channel, seconds, false);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Durable 4 KiB writes per second, cycling over a 4 MiB {@code file}, for {@code seconds}. */
  static double overwriting(Path file, double seconds) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
      for (int i = 0; i < BLOCKS; i++) {
        block.clear();
        while (block.hasRemaining()) {
          channel.write(block);
        }
      }
      channel.force(true);
      return measure(channel, seconds, true);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static double measure(FileChannel channel, double seconds, boolean overwrite)
      throws IOException {
    ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    long syncs = 0;
    long now;
    do {
      long position = overwrite ? (syncs % BLOCKS) * BLOCK : syncs * BLOCK;
      block.clear();
      while (block.hasRemaining()) {
        position += channel.write(block, position);
      }
      channel.force(false);
      syncs++;
      now = System.nanoTime();
    } while (now < deadline);
    return syncs / ((now - start) / 1e9);
  }
}
