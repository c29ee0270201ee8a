package dev.conveyor.server.driver;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * An instance's log file, kept under a size cap. The process writes to it directly (opened for
 * append), so the log survives a restart of the server; when it passes the cap, it is copied to
 * {@code <log>.1} and truncated, and the process's appends continue at the new end.
 */
final class CappedLog {
  private final Path file;
  private final long capBytes;

  CappedLog(Path file, long capBytes) {
    this.file = file;
    this.capBytes = capBytes;
  }

  Path file() {
    return file;
  }

  /** Rotates the log if it has grown past the cap; returns true if it did. */
  boolean enforceCap() throws IOException {
    if (!Files.exists(file) || Files.size(file) <= capBytes) {
      return false;
    }
    Files.copy(file, previous(), StandardCopyOption.REPLACE_EXISTING);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(0);
    }
    return true;
  }

  private Path previous() {
    return file.resolveSibling(file.getFileName() + ".1");
  }

  /** The last {@code lines} lines (from the rotated file too, if the current one is short). */
  List<String> tail(int lines) {
    Deque<String> out = new ArrayDeque<>();
    try {
      addTail(file, lines, out);
      if (out.size() < lines && Files.exists(previous())) {
        Deque<String> older = new ArrayDeque<>();
        addTail(previous(), lines - out.size(), older);
        while (!older.isEmpty()) {
          out.addFirst(older.removeLast());
        }
      }
    } catch (IOException e) {
      out.add("(could not read " + file + ": " + e.getMessage() + ")");
    }
    return List.copyOf(out);
  }

  private static void addTail(Path path, int lines, Deque<String> out) throws IOException {
    if (!Files.exists(path) || lines <= 0) {
      return;
    }
    // Read at most the last 64 KiB: enough for any sensible tail, bounded for any log.
    try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, 64 * 1024);
      byte[] bytes = new byte[size];
      raf.seek(length - size);
      raf.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      List<String> all = text.lines().toList();
      int from = Math.max(0, all.size() - lines);
      // A partial first line (cut by the 64 KiB window) is dropped unless it is all there is.
      if (size < length && from == 0 && all.size() > 1) {
        from = 1;
      }
      out.addAll(all.subList(from, all.size()));
    }
  }
}
