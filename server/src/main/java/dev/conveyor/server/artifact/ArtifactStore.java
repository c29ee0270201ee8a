package dev.conveyor.server.artifact;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.Preconditions;
import dev.conveyor.core.StorageException;
import dev.conveyor.core.artifact.ArtifactId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Artifact archives on disk, content-addressed: {@code root/sha256/<hex>.tar.gz}, written once,
 * read-only after. Uploads are staged in {@code root/tmp/}, hashed, size-capped, fsynced and
 * inspected there, and only then moved into place, so an unsafe or partial upload is never stored.
 */
public final class ArtifactStore {
  private static final int BUFFER_SIZE = 64 * 1024;
  private static final String UPLOAD = "upload";

  /**
   * The outcome of {@link #put}.
   *
   * @param manifestText the text of the archive's {@code conveyor.yaml}, not parsed here
   * @param alreadyPresent the same bytes were stored before: this put changed nothing
   */
  public record Stored(ArtifactId id, long size, String manifestText, boolean alreadyPresent) {}

  private final Path root;
  private final Path objects;
  private final Path staging;
  private final long maxBytes;
  private final ArtifactArchive.Limits limits;

  /**
   * Opens (creating as needed) the store at {@code root}, clearing what earlier runs left staged.
   *
   * @param maxBytes the largest upload accepted, compressed
   * @param limits what an upload may hold once unpacked
   */
  public ArtifactStore(Path root, long maxBytes, ArtifactArchive.Limits limits) {
    Preconditions.check(maxBytes >= 1, "max artifact bytes must be 1 or more, got %s", maxBytes);
    this.root = Preconditions.present(root, "artifact store root");
    this.limits = Preconditions.present(limits, "artifact limits");
    this.maxBytes = maxBytes;
    this.objects = root.resolve("sha256");
    this.staging = root.resolve("tmp");
    try {
      Files.createDirectories(objects);
      Files.createDirectories(staging);
      FileTrees.clear(staging);
    } catch (IOException e) {
      throw new StorageException("could not open the artifact store at " + root + ": " + e, e);
    }
  }

  /**
   * Stores an uploaded archive: streams it to a staging file while hashing and counting (failing as
   * soon as it passes the size limit), checks it against {@code expected}, inspects it, then moves
   * it into place. Storing the same bytes again is a no-op. On failure nothing is left behind.
   *
   * @throws InvalidInputException if the upload is too large, does not match {@code expected},
   *     breaks an archive rule (messages call it {@code upload}), or cannot be read to its end
   * @throws StorageException if the disk fails
   */
  public Stored put(InputStream bytes, Optional<ArtifactId> expected) {
    return put(bytes, expected, manifestText -> {});
  }

  /**
   * As {@link #put(InputStream, Optional)}, and also runs {@code checkManifest} on the package's
   * {@code conveyor.yaml} text before the file is moved into place: if it throws, nothing is
   * stored.
   */
  public Stored put(
      InputStream bytes, Optional<ArtifactId> expected, Consumer<String> checkManifest) {
    Path temp = null;
    try {
      temp = Files.createTempFile(staging, "upload-", ".tar.gz");
      MessageDigest sha256 = sha256();
      long size = 0;
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[BUFFER_SIZE];
        for (int n = receive(bytes, buffer); n >= 0; n = receive(bytes, buffer)) {
          size += n;
          if (size > maxBytes) {
            throw new InvalidInputException(
                "artifact upload is larger than the limit of "
                    + ByteSizes.human(maxBytes)
                    + " ("
                    + maxBytes
                    + " bytes); raise it with --max-artifact-bytes");
          }
          sha256.update(buffer, 0, n);
          ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
        }
        out.force(true);
      }
      ArtifactId id = ArtifactId.ofDigest(sha256.digest());
      if (expected.isPresent() && !expected.get().equals(id)) {
        throw new InvalidInputException(
            "artifact upload is corrupt: its bytes hash to "
                + id
                + ", not the expected "
                + expected.get());
      }
      ArtifactArchive.Inspection inspection = ArtifactArchive.inspect(temp, UPLOAD, limits);
      checkManifest.accept(inspection.manifestText());
      Path target = file(id);
      boolean alreadyPresent = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
      if (alreadyPresent) {
        Files.delete(temp);
      } else {
        FileTrees.setPermissions(temp, "r--r--r--");
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      temp = null;
      if (!alreadyPresent) {
        // A failure here leaves a complete, verified file in place: only its durability is unsure.
        FileTrees.fsyncDirectory(objects);
      }
      return new Stored(id, size, inspection.manifestText(), alreadyPresent);
    } catch (IOException e) {
      throw new StorageException("could not store an artifact upload in " + root + ": " + e, e);
    } finally {
      if (temp != null) {
        FileTrees.deleteTreeQuietly(temp);
      }
    }
  }

  /** The text of a stored artifact's {@code conveyor.yaml}. */
  public String manifestText(ArtifactId id) {
    Path file = path(id).orElseThrow(() -> notFound(id));
    return ArtifactArchive.inspect(file, limits).manifestText();
  }

  /** The stored archive's file, if the store holds it. */
  public Optional<Path> path(ArtifactId id) {
    Path file = file(id);
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        ? Optional.of(file)
        : Optional.empty();
  }

  public boolean contains(ArtifactId id) {
    return path(id).isPresent();
  }

  /**
   * The stored archive's bytes; the caller closes the stream.
   *
   * @throws NotFoundException if the store does not hold it
   */
  public InputStream open(ArtifactId id) {
    try {
      return Files.newInputStream(file(id), LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw notFound(id);
    } catch (IOException e) {
      throw new StorageException("could not read artifact " + id + " (" + file(id) + "): " + e, e);
    }
  }

  /**
   * Re-hashes the stored archive: call before trusting its bytes, e.g. before unpacking.
   *
   * @throws NotFoundException if the store does not hold it
   * @throws StorageException if its bytes no longer hash to its id, or cannot be read
   */
  public void verify(ArtifactId id) {
    Path file = file(id);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw notFound(id);
    }
    if (!ArtifactArchive.digest(file).equals(id)) {
      throw new StorageException(
          "artifact "
              + id
              + " on disk does not match its digest: the file was altered or corrupted ("
              + file
              + ")");
    }
  }

  private Path file(ArtifactId id) {
    return objects.resolve(id.hex() + ".tar.gz");
  }

  private static int receive(InputStream bytes, byte[] buffer) {
    try {
      return bytes.read(buffer);
    } catch (IOException e) {
      throw new InvalidInputException(
          "artifact upload could not be read to its end: " + e.getMessage(), e);
    }
  }

  private static NotFoundException notFound(ArtifactId id) {
    return new NotFoundException("artifact " + id + " is not in the store");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
