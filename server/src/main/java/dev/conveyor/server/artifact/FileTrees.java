package dev.conveyor.server.artifact;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** File-system chores the artifact code shares: deleting trees, permissions, fsync. */
final class FileTrees {
  private static final System.Logger LOG = System.getLogger(FileTrees.class.getName());

  private FileTrees() {}

  /** Deletes {@code root} and everything under it, never following symlinks. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Deletes {@code root} as {@link #deleteTree} does, logging instead of failing: for cleanup. */
  static void deleteTreeQuietly(Path root) {
    try {
      deleteTree(root);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete " + root + ": " + e, e);
    }
  }

  /** Deletes everything inside {@code dir}, keeping {@code dir} itself. */
  static void clear(Path dir) throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        deleteTree(child);
      }
    }
  }

  /** Sets POSIX permissions such as {@code rwxr-xr-x}; does nothing where there are none. */
  static void setPermissions(Path path, String permissions) throws IOException {
    if (isPosix(path)) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }

  static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Makes a directory's entries (a file moved or created in it) durable. */
  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
