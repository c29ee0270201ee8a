package dev.conveyor.server.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.server.artifact.ArtifactArchive.Inspection;
import dev.conveyor.server.artifact.ArtifactArchive.Limits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactArchiveTests {
  private static final String LONG_DIRECTORY = "a-rather-long-directory-name/".repeat(5);

  @TempDir Path work;

  /**
   * A package directory: manifest, an executable, a library with a relative symlink, an empty
   * directory and a path too long for a plain tar header; created in reverse order if {@code
   * reversed}.
   */
  private Path packageDirectory(String name, boolean reversed) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name));
    List<Runnable> steps = new ArrayList<>();
    steps.add(() -> write(dir.resolve("conveyor.yaml"), TarBuilder.MANIFEST, "rw-r--r--"));
    steps.add(() -> write(dir.resolve("bin/run"), "#!/bin/sh\necho hi\n", "rwxr-xr-x"));
    steps.add(() -> write(dir.resolve("lib/app.jar"), "jar bytes", "rw-r--r--"));
    steps.add(() -> symlink(dir.resolve("lib/current"), "app.jar"));
    steps.add(() -> mkdirs(dir.resolve("docs")));
    steps.add(() -> write(dir.resolve(LONG_DIRECTORY + "notes.txt"), "long", "rw-r--r--"));
    if (reversed) {
      steps = steps.reversed();
    }
    steps.forEach(Runnable::run);
    return dir;
  }

  private static void write(Path file, String content, String permissions) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void symlink(Path link, String target) {
    try {
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, Path.of(target));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.toList();
    }
  }

  private static List<TarArchiveEntry> entries(Path archive) throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e);
      }
    }
    return entries;
  }

  @Nested
  class Pack {
    @Test
    void pack_sameContentsDifferentMtimesOrderAndPermissions_sameBytesAndId() throws IOException {
      Path first = packageDirectory("first", false);
      Path second = packageDirectory("second", true);
      Files.setLastModifiedTime(second.resolve("conveyor.yaml"), FileTime.from(Instant.EPOCH));
      Files.setLastModifiedTime(
          second.resolve("lib"), FileTime.from(Instant.parse("2031-05-05T00:00:00Z")));
      Files.setPosixFilePermissions(
          second.resolve("lib/app.jar"), PosixFilePermissions.fromString("rw-------"));
      Files.setPosixFilePermissions(
          second.resolve("docs"), PosixFilePermissions.fromString("rwx------"));

      ArtifactId a = ArtifactArchive.pack(first, work.resolve("a.tar.gz"));
      ArtifactId b = ArtifactArchive.pack(second, work.resolve("b.tar.gz"));

      assertThat(b).isEqualTo(a);
      assertThat(Files.readAllBytes(work.resolve("b.tar.gz")))
          .isEqualTo(Files.readAllBytes(work.resolve("a.tar.gz")));
    }

    @Test
    void pack_returnsTheSha256OfTheWrittenBytes() throws Exception {
      Path target = work.resolve("a.tar.gz");
      ArtifactId id = ArtifactArchive.pack(packageDirectory("pkg", false), target);

      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target));
      assertThat(id).isEqualTo(ArtifactId.ofDigest(digest));
    }

    @Test
    void pack_oneByteChanged_differentId() throws IOException {
      Path dir = packageDirectory("pkg", false);
      ArtifactId before = ArtifactArchive.pack(dir, work.resolve("a.tar.gz"));
      Files.writeString(dir.resolve("lib/app.jar"), "jar bytez");

      assertThat(ArtifactArchive.pack(dir, work.resolve("b.tar.gz"))).isNotEqualTo(before);
    }

    @Test
    void pack_executableBitChanged_differentId() throws IOException {
      Path dir = packageDirectory("pkg", false);
      ArtifactId before = ArtifactArchive.pack(dir, work.resolve("a.tar.gz"));
      Files.setPosixFilePermissions(
          dir.resolve("lib/app.jar"), PosixFilePermissions.fromString("rwxr--r--"));

      assertThat(ArtifactArchive.pack(dir, work.resolve("b.tar.gz"))).isNotEqualTo(before);
    }

    @Test
    void pack_entries_sortedWithDirectoriesAndFixedMetadata() throws IOException {
      Path target = work.resolve("a.tar.gz");
      ArtifactArchive.pack(packageDirectory("pkg", true), target);

      List<TarArchiveEntry> entries = entries(target);
      assertThat(entries)
          .extracting(TarArchiveEntry::getName)
          .containsExactly(
              LONG_DIRECTORY.substring(0, 29),
              LONG_DIRECTORY.substring(0, 58),
              LONG_DIRECTORY.substring(0, 87),
              LONG_DIRECTORY.substring(0, 116),
              LONG_DIRECTORY,
              LONG_DIRECTORY + "notes.txt",
              "bin/",
              "bin/run",
              "conveyor.yaml",
              "docs/",
              "lib/",
              "lib/app.jar",
              "lib/current");
      assertThat(entries)
          .allSatisfy(
              e -> {
                assertThat(e.getLongUserId()).isZero();
                assertThat(e.getLongGroupId()).isZero();
                assertThat(e.getUserName()).isEmpty();
                assertThat(e.getGroupName()).isEmpty();
                assertThat(e.getLastModifiedTime().toInstant())
                    .isEqualTo(Instant.parse("1980-01-01T00:00:00Z"));
              });
      assertThat(entries)
          .extracting(e -> e.getName() + " " + Integer.toOctalString(e.getMode()))
          .contains(
              "bin/ 40755",
              "bin/run 100755",
              "conveyor.yaml 100644",
              "lib/current 120777",
              "docs/ 40755");
      assertThat(entries.get(entries.size() - 1).getLinkName()).isEqualTo("app.jar");
    }

    @Test
    void pack_gzipHeader_hasNoTimestamp() throws IOException {
      Path target = work.resolve("a.tar.gz");
      ArtifactArchive.pack(packageDirectory("pkg", false), target);

      byte[] header = Arrays.copyOf(Files.readAllBytes(target), 10);
      assertThat(Arrays.copyOfRange(header, 4, 8)).containsOnly(0);
    }

    @Test
    void pack_targetExists_replacedAndNoTemporaryFileLeft() throws IOException {
      Path out = Files.createDirectories(work.resolve("out"));
      Path target = Files.writeString(out.resolve("a.tar.gz"), "old");

      ArtifactId id = ArtifactArchive.pack(packageDirectory("pkg", false), target);

      assertThat(list(out)).containsExactly(target);
      assertThat(ArtifactArchive.inspect(target, Limits.DEFAULT).manifestText())
          .isEqualTo(TarBuilder.MANIFEST);
      assertThat(id.hex()).hasSize(64);
    }

    @Test
    void pack_noManifest_refused() throws IOException {
      Path dir = Files.createDirectories(work.resolve("pkg"));
      Files.writeString(dir.resolve("readme"), "hi");

      assertThatThrownBy(() -> ArtifactArchive.pack(dir, work.resolve("a.tar.gz")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("no conveyor.yaml in " + dir + ": an artifact needs a manifest at its root");
      assertThat(work.resolve("a.tar.gz")).doesNotExist();
    }

    @Test
    void pack_manifestIsASymlink_refused() throws IOException {
      Path dir = Files.createDirectories(work.resolve("pkg"));
      Files.writeString(dir.resolve("real.yaml"), TarBuilder.MANIFEST);
      Files.createSymbolicLink(dir.resolve("conveyor.yaml"), Path.of("real.yaml"));

      assertThatThrownBy(() -> ArtifactArchive.pack(dir, work.resolve("a.tar.gz")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "cannot pack "
                  + dir
                  + ": conveyor.yaml is a symlink; the manifest must be a regular"
                  + " file");
    }

    @Test
    void pack_symlinkToAbsolutePath_refusedAndNothingWritten() throws IOException {
      Path dir = packageDirectory("pkg", false);
      Files.createSymbolicLink(dir.resolve("lib/etc"), Path.of("/etc"));

      assertThatThrownBy(() -> ArtifactArchive.pack(dir, work.resolve("out/a.tar.gz")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "cannot pack " + dir + ": symlink 'lib/etc' points to '/etc', outside the package");
      assertThat(work.resolve("out")).doesNotExist();
    }

    @Test
    void pack_symlinkLeavingTheDirectory_refused() throws IOException {
      Path dir = packageDirectory("pkg", false);
      Files.createSymbolicLink(dir.resolve("lib/up"), Path.of("../../secrets"));

      assertThatThrownBy(() -> ArtifactArchive.pack(dir, work.resolve("a.tar.gz")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "cannot pack "
                  + dir
                  + ": symlink 'lib/up' points to '../../secrets', outside the package");
    }

    @Test
    void pack_fifo_refused() throws Exception {
      Path dir = packageDirectory("pkg", false);
      Path fifo = dir.resolve("lib/pipe");
      int exit;
      try {
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        exit = mkfifo.waitFor(10, TimeUnit.SECONDS) ? mkfifo.exitValue() : -1;
      } catch (IOException e) {
        exit = -1;
      }
      assumeTrue(exit == 0, "mkfifo is not available");

      assertThatThrownBy(() -> ArtifactArchive.pack(dir, work.resolve("a.tar.gz")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "cannot pack "
                  + dir
                  + ": entry 'lib/pipe' is a special file (a fifo, socket or device); artifacts may"
                  + " hold only files, directories and symlinks");
      assertThat(work.resolve("a.tar.gz")).doesNotExist();
    }

    @Test
    void pack_targetInsideTheDirectory_refused() throws IOException {
      Path dir = packageDirectory("pkg", false);
      Path target = dir.resolve("lib/self.tar.gz");

      assertThatThrownBy(() -> ArtifactArchive.pack(dir, target))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "cannot pack "
                  + dir
                  + " into "
                  + target
                  + ": the target is inside the directory being packed");
      assertThat(target).doesNotExist();
    }
  }

  @Nested
  class Inspect {
    @Test
    void inspect_packedDirectory_returnsManifestEntryCountAndSize() throws IOException {
      Path archive = work.resolve("a.tar.gz");
      ArtifactArchive.pack(packageDirectory("pkg", false), archive);

      Inspection inspection = ArtifactArchive.inspect(archive, Limits.DEFAULT);

      long size =
          TarBuilder.MANIFEST.length()
              + "#!/bin/sh\necho hi\n".length()
              + "jar bytes".length()
              + "long".length();
      assertThat(inspection).isEqualTo(new Inspection(TarBuilder.MANIFEST, 13, size));
    }

    @Test
    void inspect_dotSlashNamesAndImpliedDirectories_accepted() {
      Path archive =
          TarBuilder.empty()
              .directory("./")
              .file("./conveyor.yaml", "service: x\n")
              .file("bin//run", "x")
              .writeTo(work.resolve("v1.tar.gz"));

      Inspection inspection = ArtifactArchive.inspect(archive, Limits.DEFAULT);

      assertThat(inspection).isEqualTo(new Inspection("service: x\n", 3, 12));
    }

    @Test
    void inspect_manyLongNames_stayWithinTheMetadataAllowance() throws IOException {
      Path dir = Files.createDirectories(work.resolve("pkg"));
      Files.writeString(dir.resolve("conveyor.yaml"), TarBuilder.MANIFEST);
      Path deep = Files.createDirectories(dir.resolve("d".repeat(200)).resolve("e".repeat(200)));
      for (int i = 0; i < 500; i++) {
        Files.writeString(deep.resolve(i + "f".repeat(240)), "");
      }
      Path archive = work.resolve("a.tar.gz");
      ArtifactArchive.pack(dir, archive);

      assertThat(ArtifactArchive.inspect(archive, Limits.DEFAULT).entryCount()).isEqualTo(503);
    }

    @Test
    void inspect_emptyManifest_acceptedWithEmptyText() {
      Path archive =
          TarBuilder.empty().file("conveyor.yaml", "").writeTo(work.resolve("v1.tar.gz"));

      assertThat(ArtifactArchive.inspect(archive, Limits.DEFAULT))
          .isEqualTo(new Inspection("", 1, 0));
    }
  }

  @Nested
  class Unpack {
    @Test
    void unpack_packedDirectory_roundTripsContentsExecutableBitsAndSymlinks() throws IOException {
      Path archive = work.resolve("a.tar.gz");
      ArtifactArchive.pack(packageDirectory("pkg", false), archive);
      Path destination = work.resolve("instances/one");

      ArtifactArchive.unpack(archive, destination, Limits.DEFAULT);

      assertThat(destination.resolve("conveyor.yaml")).hasContent(TarBuilder.MANIFEST);
      assertThat(destination.resolve("bin/run")).hasContent("#!/bin/sh\necho hi\n");
      assertThat(destination.resolve(LONG_DIRECTORY + "notes.txt")).hasContent("long");
      assertThat(destination.resolve("docs")).isEmptyDirectory();
      assertThat(perms(destination.resolve("bin/run"))).isEqualTo("rwxr-xr-x");
      assertThat(perms(destination.resolve("lib/app.jar"))).isEqualTo("rw-r--r--");
      assertThat(perms(destination.resolve("lib"))).isEqualTo("rwxr-xr-x");
      assertThat(perms(destination)).isEqualTo("rwxr-xr-x");
      Path link = destination.resolve("lib/current");
      assertThat(Files.isSymbolicLink(link)).isTrue();
      assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("app.jar"));
      assertThat(link).hasContent("jar bytes");
      assertThat(list(work.resolve("instances"))).containsExactly(destination);
    }

    @Test
    void unpack_destinationExists_refusedAndUntouched() throws IOException {
      Path archive = TarBuilder.withManifest().writeTo(work.resolve("v1.tar.gz"));
      Path destination = Files.createDirectories(work.resolve("one"));
      Files.writeString(destination.resolve("keep"), "mine");

      assertThatThrownBy(() -> ArtifactArchive.unpack(archive, destination, Limits.DEFAULT))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "cannot unpack artifact v1.tar.gz into "
                  + destination
                  + ": it already exists; unpack needs a destination that does not exist yet");
      assertThat(list(destination)).containsExactly(destination.resolve("keep"));
    }

    private static String perms(Path path) throws IOException {
      return PosixFilePermissions.toString(
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
  }

  /**
   * Every refusal is checked twice, through inspect and through unpack, and after unpack neither
   * the destination nor a temporary directory may remain.
   */
  @Nested
  class Refusals {
    private static final String ONLY = "; artifacts may hold only files, directories and symlinks";

    private void assertRefused(TarBuilder archive, String message) throws IOException {
      assertRefused(archive.bytes(), Limits.DEFAULT, message);
    }

    private void assertRefused(byte[] bytes, Limits limits, String message) throws IOException {
      Path archive = Files.write(work.resolve("v1.tar.gz"), bytes);
      assertThatThrownBy(() -> ArtifactArchive.inspect(archive, limits))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(message);

      Path out = Files.createDirectories(work.resolve("out"));
      Path destination = out.resolve("pkg");
      assertThatThrownBy(() -> ArtifactArchive.unpack(archive, destination, limits))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(message);
      assertThat(destination).doesNotExist();
      assertThat(list(out)).isEmpty();
    }

    @Test
    void entry_absolutePath_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("/etc/passwd", "root::0:0"),
          "artifact v1.tar.gz: entry '/etc/passwd' is an absolute path; entries must be relative"
              + " to the package root");
    }

    @Test
    void entry_windowsDrivePath_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("C:\\x", "x"),
          "artifact v1.tar.gz: entry 'C:\\x' is an absolute path; entries must be relative to the"
              + " package root");
    }

    @Test
    void entry_leadingBackslash_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("\\windows\\x", "x"),
          "artifact v1.tar.gz: entry '\\windows\\x' is an absolute path; entries must be relative"
              + " to the package root");
    }

    @Test
    void entry_dotDotSegment_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("../evil", "x"),
          "artifact v1.tar.gz: entry '../evil' escapes the package root ('..' is not allowed)");
    }

    @Test
    void entry_dotDotInTheMiddle_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("bin/../../evil", "x"),
          "artifact v1.tar.gz: entry 'bin/../../evil' escapes the package root ('..' is not"
              + " allowed)");
    }

    @Test
    void entry_dotDotBetweenBackslashes_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("a\\..\\..\\evil", "x"),
          "artifact v1.tar.gz: entry 'a\\..\\..\\evil' escapes the package root ('..' is not"
              + " allowed)");
    }

    @Test
    void entry_nulInName_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().pax("path", "a\0b").file("placeholder", "x"),
          "artifact v1.tar.gz: entry 'a\\0b' has a NUL character in its name");
    }

    @Test
    void entry_segmentLongerThan255Bytes_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("x".repeat(256), "x"),
          "artifact v1.tar.gz: entry '"
              + "x".repeat(160)
              + "…' has a path segment longer than 255 bytes");
    }

    @Test
    void entry_twice_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("a.txt", "one").file("a.txt", "two"),
          "artifact v1.tar.gz: entry 'a.txt' appears twice");
    }

    @Test
    void entry_directoryTwice_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().directory("lib/").directory("./lib"),
          "artifact v1.tar.gz: entry './lib/' appears twice");
    }

    @Test
    void entry_manifestTwice_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("./conveyor.yaml", "service: other\n"),
          "artifact v1.tar.gz: entry './conveyor.yaml' appears twice");
    }

    @Test
    void entry_throughAFile_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("a", "x").file("a/b", "y"),
          "artifact v1.tar.gz: entry 'a/b' passes through 'a', which is a file, not a directory");
    }

    @Test
    void entry_symlinkWhereEarlierEntriesPutFiles_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("d/f", "x").symlink("d", "elsewhere"),
          "artifact v1.tar.gz: entry 'd' is a symlink, but earlier entries use 'd' as a"
              + " directory");
    }

    @Test
    void entry_hardLink_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().hardLink("h", "conveyor.yaml"),
          "artifact v1.tar.gz: entry 'h' is a hard link (to 'conveyor.yaml')" + ONLY);
    }

    @Test
    void entry_characterDevice_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().typed("dev/null", TarConstants.LF_CHR),
          "artifact v1.tar.gz: entry 'dev/null' is a device file" + ONLY);
    }

    @Test
    void entry_blockDevice_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().typed("dev/sda", TarConstants.LF_BLK),
          "artifact v1.tar.gz: entry 'dev/sda' is a device file" + ONLY);
    }

    @Test
    void entry_fifo_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().typed("pipe", TarConstants.LF_FIFO),
          "artifact v1.tar.gz: entry 'pipe' is a fifo" + ONLY);
    }

    @Test
    void entry_sparseFile_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().typed("holes", TarConstants.LF_GNUTYPE_SPARSE),
          "artifact v1.tar.gz: entry 'holes' is a sparse file, which artifacts do not support;"
              + " archive it without --sparse");
    }

    @Test
    void entry_unknownTarType_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().typed("label", (byte) 'V'),
          "artifact v1.tar.gz: entry 'label' is of unsupported tar type 'V'" + ONLY);
    }

    @Test
    void symlink_absoluteTarget_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().symlink("lib", "/etc"),
          "artifact v1.tar.gz: symlink 'lib' points to '/etc', outside the package");
    }

    @Test
    void symlink_windowsAbsoluteTarget_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().symlink("lib", "C:\\Windows"),
          "artifact v1.tar.gz: symlink 'lib' points to 'C:\\Windows', outside the package");
    }

    @Test
    void symlink_dotDotOutOfTheRoot_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().symlink("link", "../../x"),
          "artifact v1.tar.gz: symlink 'link' points to '../../x', outside the package");
    }

    @Test
    void symlink_nestedDotDotOutOfTheRoot_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().symlink("a/b", "../../.."),
          "artifact v1.tar.gz: symlink 'a/b' points to '../../..', outside the package");
    }

    @Test
    void symlink_escapingThroughAnotherSymlink_refused() throws IOException {
      // Each looks harmless alone; the kernel resolves q/.. as ./.., the root's parent.
      assertRefused(
          TarBuilder.withManifest().symlink("p", "q/..").symlink("q", "."),
          "artifact v1.tar.gz: symlink 'p' points to 'q/..', outside the package");
    }

    @Test
    void symlink_thenAnEntryWrittenThroughIt_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().directory("dir/").symlink("link", "dir").file("link/evil", "x"),
          "artifact v1.tar.gz: entry 'link/evil' passes through symlink 'link'; entries may not"
              + " be placed behind a symlink");
    }

    @Test
    void symlink_loop_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().symlink("a", "b").symlink("b", "a"),
          "artifact v1.tar.gz: symlink 'a' leads into a loop of symlinks (or a chain of more"
              + " than 40)");
    }

    @Test
    void symlink_emptyTarget_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().symlink("nowhere", ""),
          "artifact v1.tar.gz: symlink 'nowhere' has an empty target");
    }

    @Test
    void limits_tooManyEntries_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("bin/run", "x").file("lib/a", "y").bytes(),
          new Limits(3, 1 << 20, 1 << 20),
          "artifact v1.tar.gz: holds more than the limit of 3 files, directories and symlinks");
    }

    @Test
    void limits_entryTooLarge_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().file("big.bin", new byte[2048], 0100644).bytes(),
          new Limits(100, 1 << 20, 1024),
          "artifact v1.tar.gz: entry 'big.bin' is 2 KiB (2048 bytes), over the limit of 1 KiB"
              + " (1024 bytes) for one entry");
    }

    @Test
    void limits_totalTooLarge_refused() throws IOException {
      assertRefused(
          TarBuilder.empty()
              .file("conveyor.yaml", "")
              .file("a.bin", new byte[2048], 0100644)
              .file("b.bin", new byte[2048], 0100644)
              .bytes(),
          new Limits(100, 3072, 2048),
          "artifact v1.tar.gz: entry 'b.bin' takes the unpacked size to 4 KiB (4096 bytes), over"
              + " the limit of 3 KiB (3072 bytes)");
    }

    @Test
    void limits_hugeLongNameRecord_refusedBeforeItIsBuffered() throws IOException {
      byte[] name = new byte[2 << 20];
      Arrays.fill(name, (byte) 'a');
      assertRefused(
          TarBuilder.withManifest()
              .raw("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, name)
              .file("x", "x"),
          "artifact v1.tar.gz: too much tar metadata (PAX or long-name records) after entry"
              + " 'conveyor.yaml': the limit is 1 MiB at once and 8 KiB per entry on average");
    }

    @Test
    void limits_hugePaxRecord_refusedBeforeItIsBuffered() throws IOException {
      assertRefused(
          TarBuilder.empty()
              .pax("comment", "c".repeat(2 << 20))
              .file("conveyor.yaml", TarBuilder.MANIFEST),
          "artifact v1.tar.gz: too much tar metadata (PAX or long-name records) at the start of"
              + " the archive: the limit is 1 MiB at once and 8 KiB per entry on average");
    }

    @Test
    void limits_largeGlobalPaxHeaders_refused() throws IOException {
      assertRefused(
          TarBuilder.withManifest().globalPax("comment", "c".repeat(70_000)).file("x", "x"),
          "artifact v1.tar.gz: entry 'x' carries more than 64 KiB of extended (PAX) headers");
    }

    @Test
    void manifest_missing_refused() throws IOException {
      assertRefused(
          TarBuilder.empty().file("bin/run", "x").file("lib/conveyor.yaml", TarBuilder.MANIFEST),
          "artifact v1.tar.gz: no conveyor.yaml at the package root; an artifact needs a manifest"
              + " there");
    }

    @Test
    void manifest_symlink_refused() throws IOException {
      assertRefused(
          TarBuilder.empty()
              .file("real.yaml", TarBuilder.MANIFEST)
              .symlink("conveyor.yaml", "real.yaml"),
          "artifact v1.tar.gz: conveyor.yaml is a symlink; the manifest must be a regular file");
    }

    @Test
    void manifest_directory_refused() throws IOException {
      assertRefused(
          TarBuilder.empty().file("conveyor.yaml/inside", "x"),
          "artifact v1.tar.gz: conveyor.yaml is a directory; the manifest must be a regular file");
    }

    @Test
    void manifest_larger_than64KiB_refused() throws IOException {
      assertRefused(
          TarBuilder.empty().file("conveyor.yaml", "#".repeat(64 * 1024 + 1)),
          "artifact v1.tar.gz: conveyor.yaml is 64 KiB (65537 bytes), over the limit of 64 KiB"
              + " for a manifest");
    }

    @Test
    void manifest_notUtf8_refused() throws IOException {
      assertRefused(
          TarBuilder.empty().file("conveyor.yaml", new byte[] {'a', (byte) 0xff, 'b'}, 0100644),
          "artifact v1.tar.gz: conveyor.yaml is not valid UTF-8");
    }

    @Test
    void input_truncated_refused() throws IOException {
      byte[] whole = TarBuilder.withManifest().file("lib/a.bin", random(20_000), 0100644).bytes();

      assertRefused(
          Arrays.copyOf(whole, whole.length / 2),
          Limits.DEFAULT,
          "artifact v1.tar.gz is not a valid .tar.gz: it ends too early (truncated?)");
    }

    @Test
    void input_missingGzipTrailer_refused() throws IOException {
      byte[] whole = TarBuilder.withManifest().bytes();

      assertRefused(
          Arrays.copyOf(whole, whole.length - 4),
          Limits.DEFAULT,
          "artifact v1.tar.gz is not a valid .tar.gz: it ends too early (truncated?)");
    }

    @Test
    void input_randomBytes_refused() throws IOException {
      assertRefused(
          random(4096), Limits.DEFAULT, "artifact v1.tar.gz is not a valid .tar.gz: not gzip data");
    }

    @Test
    void input_empty_refused() throws IOException {
      assertRefused(
          new byte[0],
          Limits.DEFAULT,
          "artifact v1.tar.gz is not a valid .tar.gz: the file is empty");
    }

    @Test
    void input_gzipOfSomethingElse_refused() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
        gzip.write(
            "just some text, not a tar archive\n".repeat(40).getBytes(StandardCharsets.UTF_8));
      }

      assertRefused(
          bytes.toByteArray(),
          Limits.DEFAULT,
          "artifact v1.tar.gz is not a valid .tar.gz: Corrupted TAR archive");
    }

    private static byte[] random(int size) {
      byte[] bytes = new byte[size];
      new Random(42).nextBytes(bytes);
      return bytes;
    }
  }
}
