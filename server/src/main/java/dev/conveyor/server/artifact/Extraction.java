package dev.conveyor.server.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes checked entries under a fresh, private root directory: files with mode 0755 or 0644,
 * directories with 0755, whatever the archive or the umask say.
 *
 * <p>Symlinks are created only in {@link #finish()}, after every entry was written and every rule
 * held for the whole archive: while entries are written the tree holds no symlink at all, so no
 * write can be redirected, whatever the archive's order.
 */
final class Extraction implements ArchiveScan.Sink {
  private static final String DIRECTORY_MODE = "rwxr-xr-x";
  private static final String EXECUTABLE_MODE = "rwxr-xr-x";
  private static final String FILE_MODE = "rw-r--r--";

  private final Path root;
  private final List<Link> symlinks = new ArrayList<>();

  private record Link(String path, String target) {}

  /**
   * @param root an empty directory that this extraction alone writes to
   */
  Extraction(Path root) {
    this.root = root;
  }

  @Override
  public void directory(String path) throws IOException {
    ensureDirectory(resolve(path));
  }

  @Override
  public void file(String path, boolean executable, InputStream content) throws IOException {
    Path file = resolve(path);
    ensureDirectory(file.getParent());
    try (OutputStream out =
        Files.newOutputStream(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      content.transferTo(out);
    }
    FileTrees.setPermissions(file, executable ? EXECUTABLE_MODE : FILE_MODE);
  }

  @Override
  public void symlink(String path, String target) {
    symlinks.add(new Link(path, target));
  }

  @Override
  public void finish() throws IOException {
    for (Link link : symlinks) {
      Path file = resolve(link.path());
      ensureDirectory(file.getParent());
      Files.createSymbolicLink(file, file.getFileSystem().getPath(link.target()));
    }
    FileTrees.setPermissions(root, DIRECTORY_MODE);
  }

  /** The checked relative path under the root; the check here is a second line of defence. */
  private Path resolve(String path) {
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalStateException("entry path " + path + " resolves outside " + root);
    }
    return resolved;
  }

  private void ensureDirectory(Path dir) throws IOException {
    if (dir.equals(root) || Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    ensureDirectory(dir.getParent());
    Files.createDirectory(dir);
    FileTrees.setPermissions(dir, DIRECTORY_MODE);
  }
}
