package dev.conveyor.server.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds .tar.gz archives entry by entry, including ones that no honest tool would write. */
final class TarBuilder {
  static final String MANIFEST = "service: shop\nversion: 1.0.0\ncommand: [bin/run]\n";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  private TarBuilder() {
    try {
      tar =
          new TarArchiveOutputStream(
              new GzipCompressorOutputStream(bytes), StandardCharsets.UTF_8.name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  /** An empty archive. */
  static TarBuilder empty() {
    return new TarBuilder();
  }

  /** An archive that starts with a valid {@code conveyor.yaml}. */
  static TarBuilder withManifest() {
    return new TarBuilder().file("conveyor.yaml", MANIFEST);
  }

  TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0100644);
  }

  TarBuilder file(String name, byte[] content, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    entry.setMode(mode);
    entry.setSize(content.length);
    return add(entry, content);
  }

  TarBuilder directory(String name) {
    return add(new TarArchiveEntry(name, TarConstants.LF_DIR, true), new byte[0]);
  }

  TarBuilder symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    return add(entry, new byte[0]);
  }

  TarBuilder hardLink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    entry.setLinkName(target);
    return add(entry, new byte[0]);
  }

  /** An entry of any tar type, without content: devices, fifos and stranger things. */
  TarBuilder typed(String name, byte linkFlag) {
    return add(new TarArchiveEntry(name, linkFlag, true), new byte[0]);
  }

  /** A PAX extended header for the next entry only, written raw. */
  TarBuilder pax(String key, String value) {
    return raw("PaxHeaders/record", TarConstants.LF_PAX_EXTENDED_HEADER_LC, paxRecord(key, value));
  }

  /** A global PAX header: it applies to every entry that follows. */
  TarBuilder globalPax(String key, String value) {
    TarArchiveEntry entry =
        new TarArchiveEntry("pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, true);
    entry.addPaxHeader(key, value);
    try {
      tar.putArchiveEntry(entry); // the library writes and closes global headers itself
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** An entry with exactly this header type and content, e.g. a GNU long-name record. */
  TarBuilder raw(String name, byte linkFlag, byte[] content) {
    TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag, true);
    entry.setSize(content.length);
    return add(entry, content);
  }

  byte[] bytes() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  Path writeTo(Path file) {
    try {
      return Files.write(file, bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One PAX record, {@code "<length> <key>=<value>\n"}, whose length counts its own digits. */
  static byte[] paxRecord(String key, String value) {
    int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++;
    }
    return (length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private TarBuilder add(TarArchiveEntry entry, byte[] content) {
    try {
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
