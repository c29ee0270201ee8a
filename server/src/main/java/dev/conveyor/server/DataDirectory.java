package dev.conveyor.server;

import dev.conveyor.core.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The server's data directory: the history database, the artifact store, and a lock that keeps a
 * second server off the same directory.
 *
 * <pre>
 * DIR/
 *   history.db        the event log (SQLite, WAL)
 *   artifacts/        the content-addressed artifact store
 *   metrics.db        traffic per minute, fleet, artifact and route, for error budgets
 *   evidence/         the reports artifacts were scored from, content-addressed (sha256/ab/cdef…)
 *   instances/        one directory per instance: app/ (unpacked), log, process.json
 *   server.lock       held (flock) while a server runs; holds its pid
 * </pre>
 */
public final class DataDirectory implements AutoCloseable {
  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates the directory if needed and takes its lock.
   *
   * @throws StorageException if another server holds it, naming that server's pid
   */
  public static DataDirectory open(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      Path lockFile = absolute.resolve("server.lock");
      FileChannel channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldByThisProcess) {
        lock = null;
      }
      if (lock == null) {
        String holder = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new StorageException(
            "data directory "
                + absolute
                + " is in use by another Conveyor server"
                + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                + "; stop it, or start this one with another --data directory");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
          0);
      channel.force(true);
      return new DataDirectory(absolute, channel, lock);
    } catch (IOException e) {
      throw new StorageException(
          "cannot use data directory " + absolute + ": " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  public Path historyFile() {
    return root.resolve("history.db");
  }

  public Path artifacts() {
    return root.resolve("artifacts");
  }

  /** The error budgets' traffic at one-minute resolution (SQLite). */
  public Path metricsFile() {
    return root.resolve("metrics.db");
  }

  /** Where the pipeline keeps submitted reports, content-addressed. */
  public Path evidence() {
    return root.resolve("evidence");
  }

  /** Where the process driver keeps each instance's unpacked artifact and log. */
  public Path instances() {
    return root.resolve("instances");
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException ignored) {
      // The lock goes with the process anyway.
    }
  }
}
