package dev.conveyor.server.artifact;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.StorageException;
import dev.conveyor.core.artifact.ArtifactId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The artifact package format, a {@code .tar.gz} with {@code conveyor.yaml} at its root: packs a
 * directory reproducibly, and inspects or unpacks an untrusted archive under safety rules.
 *
 * <p>An archive is accepted only if every entry is a regular file, a directory or a symlink; every
 * name is relative, without {@code ..} or NUL, and declared once; no entry lies behind a symlink or
 * a file; every symlink target is relative and resolves inside the package, also through other
 * symlinks; the {@link Limits} hold; and {@code conveyor.yaml} is a regular UTF-8 file of at most
 * 64 KiB at the root. Hard links are refused outright: {@link #pack} never writes them.
 *
 * <p>Absolute names that arrive through PAX or GNU long-name records are made relative by the tar
 * library before these rules see them, so they land inside the package rather than being refused.
 */
public final class ArtifactArchive {
  /**
   * The archive-bomb guard: what one package may hold once unpacked.
   *
   * @param maxEntries files, directories and symlinks, counting directories that paths only imply
   * @param maxTotalBytes the sum of all entry sizes
   * @param maxEntryBytes the size of any one entry
   */
  public record Limits(long maxEntries, long maxTotalBytes, long maxEntryBytes) {
    /** 100,000 entries, 2 GiB in total, 1 GiB per entry. */
    public static final Limits DEFAULT = new Limits(100_000, 2L << 30, 1L << 30);

    public Limits {
      Preconditions.check(
          maxEntries >= 1, "artifact limit max entries must be 1 or more, got %s", maxEntries);
      Preconditions.check(
          maxTotalBytes >= 1,
          "artifact limit max total bytes must be 1 or more, got %s",
          maxTotalBytes);
      Preconditions.check(
          maxEntryBytes >= 1,
          "artifact limit max entry bytes must be 1 or more, got %s",
          maxEntryBytes);
    }
  }

  /**
   * What an archive holds, once every rule passed.
   *
   * @param manifestText the text of {@code conveyor.yaml}, not parsed here
   * @param entryCount files, directories and symlinks, counting directories that paths only imply
   * @param totalBytes the sum of all entry sizes: what unpacking writes
   */
  public record Inspection(String manifestText, long entryCount, long totalBytes) {}

  private ArtifactArchive() {}

  /**
   * Writes a reproducible {@code .tar.gz} of {@code directory} to {@code target} (replacing it) and
   * returns its id: the same contents give the same bytes whatever the mtimes, creation order,
   * umask or owner.
   *
   * @throws InvalidInputException if there is no {@code conveyor.yaml}, or a fifo, socket or
   *     device, or a symlink that is absolute or leads outside the directory
   * @throws StorageException if reading or writing fails
   */
  public static ArtifactId pack(Path directory, Path target) {
    return PackWriter.pack(directory, target);
  }

  /**
   * The id of the package in {@code file}: the SHA-256 of its bytes, as they are.
   *
   * @throws StorageException if the file cannot be read
   */
  public static ArtifactId digest(Path file) {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
      return ArtifactId.ofDigest(sha256.digest());
    } catch (IOException e) {
      throw new StorageException("could not read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /**
   * Reads the whole archive, writing nothing, and returns what it holds if it is safe.
   *
   * @throws InvalidInputException if it breaks a rule or is not a valid .tar.gz; the message names
   *     the archive by its file name
   * @throws StorageException if the file cannot be read
   */
  public static Inspection inspect(Path archive, Limits limits) {
    return inspect(archive, displayName(archive), limits);
  }

  /** As {@link #inspect(Path, Limits)}, naming the archive {@code name} in messages. */
  static Inspection inspect(Path archive, String name, Limits limits) {
    try {
      return ArchiveScan.scan(archive, name, limits, ArchiveScan.DISCARD);
    } catch (IOException e) {
      throw new StorageException("could not inspect artifact " + name + ": " + e, e);
    }
  }

  /**
   * Extracts the archive into {@code destination}, which must not exist: into a fresh temporary
   * sibling first, moved into place atomically once every entry passed. On failure nothing is left
   * behind. Files are not fsynced: after a crash, unpack again rather than trust a destination.
   *
   * @throws ConflictException if {@code destination} exists
   * @throws InvalidInputException if the archive breaks a rule or is not a valid .tar.gz
   * @throws StorageException if reading or writing fails
   */
  public static void unpack(Path archive, Path destination, Limits limits) {
    String name = displayName(archive);
    Path target = destination.toAbsolutePath().normalize();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new ConflictException(
          "cannot unpack artifact "
              + name
              + " into "
              + destination
              + ": it already exists; unpack needs a destination that does not exist yet");
    }
    Path temp = null;
    try {
      Path parent = Files.createDirectories(target.getParent());
      temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".unpacking-");
      ArchiveScan.scan(archive, name, limits, new Extraction(temp));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException e) {
      throw new StorageException(
          "could not unpack artifact " + name + " into " + destination + ": " + e, e);
    } finally {
      if (temp != null) {
        FileTrees.deleteTreeQuietly(temp);
      }
    }
  }

  private static String displayName(Path archive) {
    Path fileName = archive.getFileName();
    return fileName == null ? archive.toString() : fileName.toString();
  }
}
