package dev.conveyor.server.pipeline;

import dev.conveyor.core.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The report files artifacts were scored from, kept by the SHA-256 of their UTF-8 text under {@code
 * ROOT/sha256/ab/cdef…}. A blob is written to a temporary file, forced to disk and renamed into
 * place, so a reader never sees half of one; reading checks the digest again, so a blob changed on
 * disk is refused rather than trusted.
 */
public final class EvidenceStore {
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private final Path root;

  public EvidenceStore(Path root) {
    this.root = root;
  }

  /** Stores {@code text} (if not already stored) and returns its digest, 64 hex digits. */
  public String put(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String digest = digest(bytes);
    Path blob = blob(digest);
    if (Files.exists(blob)) {
      return digest;
    }
    try {
      Files.createDirectories(blob.getParent());
      Path temp = Files.createTempFile(blob.getParent(), "." + digest.substring(0, 8), ".tmp");
      try (var channel =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      try {
        Files.move(temp, blob, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, blob, StandardCopyOption.REPLACE_EXISTING);
      }
      return digest;
    } catch (IOException e) {
      throw new StorageException("cannot store evidence " + digest + ": " + e.getMessage(), e);
    }
  }

  /** Stores each report; returns name → digest, in the reports' order. */
  public Map<String, String> putAll(Map<String, String> reports) {
    Map<String, String> digests = new LinkedHashMap<>();
    reports.forEach((name, text) -> digests.put(name, put(text)));
    return digests;
  }

  /**
   * The text stored under {@code digest}.
   *
   * @throws StorageException when no blob has that digest, or the blob no longer matches it
   */
  public String get(String digest) {
    if (!DIGEST.matcher(digest).matches()) {
      throw new StorageException(
          "evidence digest '" + digest + "' is not a SHA-256 digest of 64 lowercase hex digits");
    }
    Path blob = blob(digest);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(blob);
    } catch (NoSuchFileException e) {
      throw new StorageException("evidence " + digest + " is missing from " + blob);
    } catch (IOException e) {
      throw new StorageException("cannot read evidence " + digest + ": " + e.getMessage(), e);
    }
    String actual = digest(bytes);
    if (!actual.equals(digest)) {
      throw new StorageException(
          "evidence "
              + digest
              + " was changed on disk: its content now hashes to "
              + actual
              + " ("
              + blob
              + ")");
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Reads each named digest back: name → text. */
  public Map<String, String> getAll(Map<String, String> digests) {
    Map<String, String> texts = new LinkedHashMap<>();
    digests.forEach((name, digest) -> texts.put(name, get(digest)));
    return texts;
  }

  /** Where the blob of {@code digest} lives. */
  public Path blob(String digest) {
    return root.resolve("sha256").resolve(digest.substring(0, 2)).resolve(digest.substring(2));
  }

  static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
