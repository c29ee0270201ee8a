package dev.conveyor.server.artifact;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.StorageException;
import dev.conveyor.core.artifact.Manifest;
import dev.conveyor.server.artifact.ArtifactArchive.Inspection;
import dev.conveyor.server.artifact.ArtifactArchive.Limits;
import dev.conveyor.server.artifact.PackageTree.Kind;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Reads an artifact archive once, start to end, applying every safety rule, and hands the entries
 * that pass to a {@link Sink}: the one reader behind both inspect and unpack, so that an archive
 * that inspects clean unpacks the same way.
 *
 * <p>Besides the {@link Limits} on what the package holds, the tar metadata that the library reads
 * and buffers on its own between entries (PAX records, GNU long names) is bounded: at most {@value
 * #METADATA_AT_ONCE} bytes in one go, and {@value #METADATA_PER_ENTRY} bytes per entry on average.
 * Without that, a few hundred kilobytes of gzip can exhaust the heap.
 */
final class ArchiveScan {
  static final int MAX_MANIFEST_BYTES = 64 * 1024;
  static final long METADATA_AT_ONCE = 1024 * 1024;
  static final long METADATA_PER_ENTRY = 8 * 1024;

  /** Extended headers the library keeps per entry (global ones included, so this bounds them). */
  static final int MAX_EXTENDED_HEADER_CHARS = 64 * 1024;

  private static final int BUFFER_SIZE = 64 * 1024;

  /** Where the entries that pass go; its IOExceptions are write failures, never bad input. */
  interface Sink {
    void directory(String path) throws IOException;

    /** Writes a file; {@code content} is exactly the entry's bytes. */
    void file(String path, boolean executable, InputStream content) throws IOException;

    void symlink(String path, String target) throws IOException;

    /** Called once, after the last entry, when every rule held for the whole archive. */
    void finish() throws IOException;
  }

  /** A sink that keeps nothing: for inspection. */
  static final Sink DISCARD =
      new Sink() {
        @Override
        public void directory(String path) {}

        @Override
        public void file(String path, boolean executable, InputStream content) {}

        @Override
        public void symlink(String path, String target) {}

        @Override
        public void finish() {}
      };

  private final Path archive;
  private final String name;
  private final Limits limits;
  private final Sink sink;
  private final PackageTree tree;
  private MeteredInputStream meter;
  private TarArchiveInputStream tar;
  private String manifestText;
  private long totalBytes;
  private long entries;
  private long metadataBytes;
  private String lastEntry;

  private ArchiveScan(Path archive, String name, Limits limits, Sink sink) {
    this.archive = archive;
    this.name = name;
    this.limits = limits;
    this.sink = sink;
    this.tree = new PackageTree("artifact " + name, limits.maxEntries());
  }

  /**
   * Reads {@code archive}, calling {@code sink} for each entry, and returns what it holds.
   *
   * @param name how messages call the archive, e.g. its file name
   * @throws InvalidInputException if the archive breaks a rule or is not a valid .tar.gz
   * @throws StorageException if the archive file cannot be read
   * @throws IOException only from the sink
   */
  static Inspection scan(Path archive, String name, Limits limits, Sink sink) throws IOException {
    return new ArchiveScan(archive, name, limits, sink).run();
  }

  private Inspection run() throws IOException {
    InputStream file;
    try {
      if (Files.size(archive) == 0) {
        throw corrupt("the file is empty", null);
      }
      file = Files.newInputStream(archive);
    } catch (IOException e) {
      throw unreadable(e);
    }
    try (Source source = new Source(file)) {
      GZIPInputStream gzip =
          reading(() -> new GZIPInputStream(new BufferedInputStream(source, BUFFER_SIZE)));
      try (gzip) {
        meter = new MeteredInputStream(gzip);
        tar = new TarArchiveInputStream(meter, StandardCharsets.UTF_8.name());
        for (TarArchiveEntry entry = next(); entry != null; entry = next()) {
          accept(entry);
          lastEntry = entry.getName();
        }
        drain();
        tree.checkSymlinks();
        checkManifest();
        sink.finish();
        return new Inspection(manifestText, tree.paths(), totalBytes);
      }
    } catch (SourceFailure e) {
      throw unreadable(e.getCause());
    }
  }

  private TarArchiveEntry next() {
    long allowance = METADATA_AT_ONCE + METADATA_PER_ENTRY * entries - metadataBytes;
    long before = meter.count();
    meter.allow(Math.min(METADATA_AT_ONCE, allowance));
    TarArchiveEntry entry = reading(() -> tar.getNextEntry());
    metadataBytes += meter.count() - before;
    if (entry != null) {
      entries++;
    }
    return entry;
  }

  private void accept(TarArchiveEntry entry) throws IOException {
    String entryName = entry.getName();
    if (!entry.isCheckSumOK()) {
      throw corrupt("the header of entry " + PackageTree.shown(entryName) + " is damaged", null);
    }
    checkExtendedHeaders(entry);
    Kind kind = kindOf(entry);
    String target = kind == Kind.SYMLINK ? entry.getLinkName() : null;
    String path = tree.declare(entryName, kind, target);
    long size = entry.getSize();
    if (size > limits.maxEntryBytes()) {
      throw tree.refusal(
          "entry %s is %s, over the limit of %s for one entry",
          PackageTree.shown(entryName),
          ByteSizes.describe(size),
          ByteSizes.describe(limits.maxEntryBytes()));
    }
    totalBytes += size;
    if (totalBytes > limits.maxTotalBytes()) {
      throw tree.refusal(
          "entry %s takes the unpacked size to %s, over the limit of %s",
          PackageTree.shown(entryName),
          ByteSizes.describe(totalBytes),
          ByteSizes.describe(limits.maxTotalBytes()));
    }
    meter.allow(size);
    InputStream content = new Content();
    switch (kind) {
      case DIRECTORY -> sink.directory(path);
      case SYMLINK -> sink.symlink(path, target);
      case FILE -> {
        boolean executable = (entry.getMode() & 0100) != 0;
        if (path.equals(Manifest.FILE_NAME)) {
          byte[] manifest = readManifest(size, content);
          sink.file(path, executable, new ByteArrayInputStream(manifest));
        } else {
          sink.file(path, executable, content);
        }
      }
    }
    content.transferTo(OutputStream.nullOutputStream());
  }

  private Kind kindOf(TarArchiveEntry entry) {
    String entryName = entry.getName();
    if (entry.isSymbolicLink()) {
      return Kind.SYMLINK;
    }
    if (entry.isLink()) {
      throw tree.unsupported(
          entryName, "a hard link (to " + PackageTree.shown(entry.getLinkName()) + ")");
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      throw tree.unsupported(entryName, "a device file");
    }
    if (entry.isFIFO()) {
      throw tree.unsupported(entryName, "a fifo");
    }
    if (entry.isSparse() || entry.isPaxGNU1XSparse()) {
      throw tree.refusal(
          "entry %s is a sparse file, which artifacts do not support; archive it without --sparse",
          PackageTree.shown(entryName));
    }
    byte flag = entry.getLinkFlag();
    if (flag == TarConstants.LF_DIR) {
      return Kind.DIRECTORY;
    }
    if (flag == TarConstants.LF_NORMAL
        || flag == TarConstants.LF_OLDNORM
        || flag == TarConstants.LF_CONTIG) {
      return entryName.endsWith("/") ? Kind.DIRECTORY : Kind.FILE;
    }
    throw tree.unsupported(
        entryName,
        "of unsupported tar type " + PackageTree.shown(String.valueOf((char) (flag & 0xff))));
  }

  private void checkExtendedHeaders(TarArchiveEntry entry) {
    long chars = 0;
    for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
      chars += header.getKey().length() + header.getValue().length();
    }
    if (chars > MAX_EXTENDED_HEADER_CHARS) {
      throw tree.refusal(
          "entry %s carries more than %s of extended (PAX) headers",
          PackageTree.shown(entry.getName()), ByteSizes.human(MAX_EXTENDED_HEADER_CHARS));
    }
  }

  private byte[] readManifest(long size, InputStream content) throws IOException {
    if (size > MAX_MANIFEST_BYTES) {
      throw tree.refusal(
          "%s is %s, over the limit of %s for a manifest",
          Manifest.FILE_NAME, ByteSizes.describe(size), ByteSizes.human(MAX_MANIFEST_BYTES));
    }
    byte[] bytes = content.readAllBytes();
    try {
      manifestText =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw tree.refusal("%s is not valid UTF-8", Manifest.FILE_NAME);
    }
    return bytes;
  }

  /** Reads what follows the tar end marker, so a damaged or truncated gzip stream is noticed. */
  private void drain() {
    meter.allow(METADATA_AT_ONCE);
    reading(
        () -> {
          byte[] buffer = new byte[BUFFER_SIZE];
          while (meter.read(buffer) >= 0) {
            // discard: zero padding up to the tar record size
          }
          return null;
        });
  }

  private void checkManifest() {
    Kind kind = tree.kindAt(Manifest.FILE_NAME);
    if (kind == null) {
      throw tree.refusal(
          "no %s at the package root; an artifact needs a manifest there", Manifest.FILE_NAME);
    }
    if (kind != Kind.FILE) {
      throw tree.refusal(
          "%s is %s; the manifest must be a regular file", Manifest.FILE_NAME, kind.withArticle());
    }
  }

  // ---- failures ----

  /** A read by the gzip or tar layer; its failures mean the input is bad. */
  private interface Read<T> {
    T call() throws IOException;
  }

  private <T> T reading(Read<T> read) {
    try {
      return read.call();
    } catch (SourceFailure e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // RuntimeException too: hostile input has tripped bugs in tar libraries before.
      if (meter != null && meter.tripped()) {
        String where =
            lastEntry == null
                ? "at the start of the archive"
                : "after entry " + PackageTree.shown(lastEntry);
        throw tree.refusal(
            "too much tar metadata (PAX or long-name records) %s: the limit is %s at once and %s"
                + " per entry on average",
            where, ByteSizes.human(METADATA_AT_ONCE), ByteSizes.human(METADATA_PER_ENTRY));
      }
      throw corrupt(reason(e), e);
    }
  }

  private InvalidInputException corrupt(String reason, Throwable cause) {
    return new InvalidInputException(
        "artifact " + name + " is not a valid .tar.gz: " + reason, cause);
  }

  private static String reason(Exception e) {
    if (e instanceof EOFException) {
      return "it ends too early (truncated?)";
    }
    String message = e.getMessage();
    if (e instanceof ZipException && "Not in GZIP format".equals(message)) {
      return "not gzip data";
    }
    if (e instanceof RuntimeException || message == null || message.isBlank()) {
      return e.toString();
    }
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }

  private StorageException unreadable(IOException cause) {
    return new StorageException(
        "could not read artifact " + name + " (" + archive + "): " + cause, cause);
  }

  /** The current entry's bytes, with read failures reported as bad input. */
  private final class Content extends InputStream {
    @Override
    public int read() {
      return reading(tar::read);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      return reading(() -> tar.read(buffer, offset, length));
    }
  }

  /** A failure to read the archive file itself: the disk's fault, not the input's. */
  private static final class SourceFailure extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    SourceFailure(IOException cause) {
      super(cause);
    }
  }

  /** The archive file, with its read failures told apart from gzip and tar failures. */
  private static final class Source extends FilterInputStream {
    Source(InputStream in) {
      super(in);
    }

    @Override
    public int read() {
      try {
        return in.read();
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      try {
        return in.read(buffer, offset, length);
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
    }

    @Override
    public long skip(long n) {
      try {
        return in.skip(n);
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
    }

    @Override
    public int available() {
      try {
        return in.available();
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException e) {
        throw new SourceFailure(e);
      }
    }
  }
}
