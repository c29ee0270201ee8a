package dev.conveyor.server.artifact;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.StorageException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Manifest;
import dev.conveyor.server.artifact.PackageTree.Kind;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a directory as a reproducible artifact archive: the bytes, and so the id, depend only on
 * the names, contents, kinds, executable bits and symlink targets of what the directory holds.
 *
 * <p>Entries are sorted by the UTF-8 bytes of their '/'-separated relative paths; directories are
 * entries of their own (mode 0755); files have mode 0755 when their owner may execute them, else
 * 0644; symlinks 0777; owner and group are 0 with empty names; every time is {@link #MTIME}. Long
 * and non-ASCII names use PAX records. The gzip header carries no time or name ({@link
 * GZIPOutputStream} writes mtime 0). The compressed bytes are those of the JDK's zlib at its
 * default level: reproducible for the same JDK build, which is how ids are compared in practice.
 */
final class PackWriter {
  /**
   * Every entry's modification time. Fixed so that when or in what order files were written never
   * shows in the bytes; 1980-01-01 rather than the epoch because tools that also speak zip treat
   * times before 1980 as invalid, and because nobody mistakes it for a real build time.
   */
  static final FileTime MTIME = FileTime.from(Instant.parse("1980-01-01T00:00:00Z"));

  private static final int DIRECTORY_MODE = 040755;
  private static final int EXECUTABLE_MODE = 0100755;
  private static final int FILE_MODE = 0100644;
  private static final int SYMLINK_MODE = 0120777;
  private static final int BUFFER_SIZE = 64 * 1024;

  /** One thing to pack, with its sort key: the UTF-8 bytes of its relative path. */
  private record Item(
      String name,
      byte[] key,
      Kind kind,
      Path source,
      long size,
      boolean executable,
      String target) {

    static Item of(String name, Kind kind, Path source, long size, boolean exec, String target) {
      byte[] key = name.getBytes(StandardCharsets.UTF_8);
      return new Item(name, key, kind, source, size, exec, target);
    }
  }

  private PackWriter() {}

  static ArtifactId pack(Path directory, Path target) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidInputException("cannot pack " + directory + ": it is not a directory");
    }
    Path manifest = directory.resolve(Manifest.FILE_NAME);
    if (!Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          "no "
              + Manifest.FILE_NAME
              + " in "
              + directory
              + ": an artifact needs a manifest at its root");
    }
    if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
      String kind = Files.isSymbolicLink(manifest) ? "a symlink" : "not a regular file";
      throw new InvalidInputException(
          "cannot pack "
              + directory
              + ": "
              + Manifest.FILE_NAME
              + " is "
              + kind
              + "; the manifest must be a regular file");
    }
    Path absoluteTarget = target.toAbsolutePath().normalize();
    Path temp = null;
    try {
      Path root = directory.toRealPath();
      Path parent = absoluteTarget.getParent();
      if (absoluteTarget.startsWith(root)
          || (Files.isDirectory(parent) && parent.toRealPath().startsWith(root))) {
        throw new InvalidInputException(
            "cannot pack "
                + directory
                + " into "
                + target
                + ": the target is inside the directory being packed");
      }
      PackageTree tree = new PackageTree("cannot pack " + directory, Long.MAX_VALUE);
      List<Item> items = collect(root, tree);
      items.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
      for (Item item : items) {
        tree.declare(item.name(), item.kind(), item.target());
      }
      tree.checkSymlinks();

      Files.createDirectories(parent);
      temp = Files.createTempFile(parent, "." + absoluteTarget.getFileName() + ".", ".tmp");
      MessageDigest sha256 = sha256();
      try (OutputStream file = Files.newOutputStream(temp)) {
        OutputStream hashed =
            new DigestOutputStream(new BufferedOutputStream(file, BUFFER_SIZE), sha256);
        try (TarArchiveOutputStream tar =
            new TarArchiveOutputStream(
                new GZIPOutputStream(hashed, BUFFER_SIZE), StandardCharsets.UTF_8.name())) {
          tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
          tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
          tar.setAddPaxHeadersForNonAsciiNames(true);
          for (Item item : items) {
            write(tar, item, directory);
          }
          tar.finish();
        }
      }
      Files.move(
          temp,
          absoluteTarget,
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      return ArtifactId.ofDigest(sha256.digest());
    } catch (IOException e) {
      throw new StorageException("could not pack " + directory + " into " + target + ": " + e, e);
    } finally {
      if (temp != null) {
        FileTrees.deleteTreeQuietly(temp);
      }
    }
  }

  private static List<Item> collect(Path root, PackageTree tree) throws IOException {
    List<Item> items = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root)) {
              items.add(Item.of(name(dir), Kind.DIRECTORY, dir, 0, false, null));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            String name = name(file);
            if (attrs.isSymbolicLink()) {
              String target = Files.readSymbolicLink(file).toString();
              items.add(Item.of(name, Kind.SYMLINK, file, 0, false, target));
            } else if (attrs.isRegularFile()) {
              items.add(Item.of(name, Kind.FILE, file, attrs.size(), isExecutable(file), null));
            } else {
              throw tree.unsupported(name, "a special file (a fifo, socket or device)");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException failure)
              throws IOException {
            throw failure;
          }

          private String name(Path path) {
            StringBuilder name = new StringBuilder();
            for (Path part : root.relativize(path)) {
              name.append(name.isEmpty() ? "" : "/").append(part);
            }
            return name.toString();
          }
        });
    return items;
  }

  private static boolean isExecutable(Path file) throws IOException {
    if (FileTrees.isPosix(file)) {
      return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)
          .contains(PosixFilePermission.OWNER_EXECUTE);
    }
    return Files.isExecutable(file);
  }

  private static void write(TarArchiveOutputStream tar, Item item, Path directory)
      throws IOException {
    TarArchiveEntry entry =
        switch (item.kind()) {
          case DIRECTORY -> {
            TarArchiveEntry e = new TarArchiveEntry(item.name() + "/", TarConstants.LF_DIR, true);
            e.setMode(DIRECTORY_MODE);
            yield e;
          }
          case FILE -> {
            TarArchiveEntry e = new TarArchiveEntry(item.name(), TarConstants.LF_NORMAL, true);
            e.setMode(item.executable() ? EXECUTABLE_MODE : FILE_MODE);
            e.setSize(item.size());
            yield e;
          }
          case SYMLINK -> {
            TarArchiveEntry e = new TarArchiveEntry(item.name(), TarConstants.LF_SYMLINK, true);
            e.setMode(SYMLINK_MODE);
            e.setLinkName(item.target());
            yield e;
          }
        };
    entry.setUserId(0L);
    entry.setGroupId(0L);
    entry.setUserName("");
    entry.setGroupName("");
    entry.setLastModifiedTime(MTIME);
    tar.putArchiveEntry(entry);
    if (item.kind() == Kind.FILE) {
      copyExactly(tar, item, directory);
    }
    tar.closeArchiveEntry();
  }

  /** Copies the file's bytes, failing if its size is no longer the one in the entry header. */
  private static void copyExactly(TarArchiveOutputStream tar, Item item, Path directory)
      throws IOException {
    try (InputStream in = Files.newInputStream(item.source(), LinkOption.NOFOLLOW_LINKS)) {
      byte[] buffer = new byte[BUFFER_SIZE];
      long remaining = item.size();
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw changed(directory, item);
        }
        tar.write(buffer, 0, n);
        remaining -= n;
      }
      if (in.read() >= 0) {
        throw changed(directory, item);
      }
    }
  }

  private static ConflictException changed(Path directory, Item item) {
    return new ConflictException(
        "cannot pack "
            + directory
            + ": "
            + PackageTree.shown(item.name())
            + " changed while it was being packed; pack again");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
