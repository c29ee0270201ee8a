package dev.conveyor.server.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.StorageException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.server.artifact.ArtifactArchive.Limits;
import dev.conveyor.server.artifact.ArtifactStore.Stored;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTests {
  private static final long MAX_BYTES = 1 << 20;

  @TempDir Path root;
  private ArtifactStore store;
  private byte[] archive;
  private ArtifactId id;

  @BeforeEach
  void setUp() throws Exception {
    store = new ArtifactStore(root, MAX_BYTES, Limits.DEFAULT);
    archive = TarBuilder.withManifest().file("bin/run", "#!/bin/sh\n").bytes();
    id = ArtifactId.ofDigest(MessageDigest.getInstance("SHA-256").digest(archive));
  }

  private static InputStream bytes(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  private List<Path> files(String dir) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(dir))) {
      return files.toList();
    }
  }

  private Path storedFile() {
    return root.resolve("sha256").resolve(id.hex() + ".tar.gz");
  }

  @Nested
  class Put {
    @Test
    void put_validArchive_storedUnderItsDigestWithManifest() throws IOException {
      Stored stored = store.put(bytes(archive), Optional.empty());

      assertThat(stored).isEqualTo(new Stored(id, archive.length, TarBuilder.MANIFEST, false));
      assertThat(files("sha256")).containsExactly(storedFile());
      assertThat(Files.readAllBytes(storedFile())).isEqualTo(archive);
      assertThat(files("tmp")).isEmpty();
    }

    @Test
    void put_storedFile_isReadOnly() throws IOException {
      store.put(bytes(archive), Optional.empty());

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storedFile())))
          .isEqualTo("r--r--r--");
    }

    @Test
    void put_sameBytesTwice_alreadyPresentAndOneFile() throws IOException {
      store.put(bytes(archive), Optional.empty());

      Stored again = store.put(bytes(archive), Optional.of(id));

      assertThat(again).isEqualTo(new Stored(id, archive.length, TarBuilder.MANIFEST, true));
      assertThat(files("sha256")).containsExactly(storedFile());
      assertThat(files("tmp")).isEmpty();
    }

    @Test
    void put_matchingExpectedDigest_stored() {
      assertThat(store.put(bytes(archive), Optional.of(id)).alreadyPresent()).isFalse();
      assertThat(store.contains(id)).isTrue();
    }

    @Test
    void put_wrongExpectedDigest_refusedAndNothingLeft() throws IOException {
      ArtifactId other = ArtifactId.of("sha256:" + "0".repeat(64));

      assertThatThrownBy(() -> store.put(bytes(archive), Optional.of(other)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "artifact upload is corrupt: its bytes hash to "
                  + id
                  + ", not the expected sha256:"
                  + "0".repeat(64));
      assertThat(files("tmp")).isEmpty();
      assertThat(files("sha256")).isEmpty();
    }

    @Test
    void put_overTheSizeLimit_refusedAndNothingLeft() throws IOException {
      ArtifactStore small = new ArtifactStore(root, 2048, Limits.DEFAULT);
      byte[] big = TarBuilder.withManifest().file("a.bin", randomBytes(4096), 0100644).bytes();

      assertThatThrownBy(() -> small.put(bytes(big), Optional.empty()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "artifact upload is larger than the limit of 2 KiB (2048 bytes); raise it with"
                  + " --max-artifact-bytes");
      assertThat(files("tmp")).isEmpty();
      assertThat(files("sha256")).isEmpty();
    }

    @Test
    void put_overTheSizeLimit_stopsReadingSoonAfterTheLimit() {
      ArtifactStore small = new ArtifactStore(root, 2048, Limits.DEFAULT);
      InputStream endless =
          new InputStream() {
            long served;

            @Override
            public int read() {
              if (++served > 10L << 20) {
                throw new AssertionError("read far past the limit");
              }
              return 0;
            }
          };

      assertThatThrownBy(() -> small.put(endless, Optional.empty()))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void put_unsafeArchive_refusedAsUploadAndNothingStored() throws IOException {
      byte[] unsafe = TarBuilder.withManifest().file("../evil", "x").bytes();

      assertThatThrownBy(() -> store.put(bytes(unsafe), Optional.empty()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "artifact upload: entry '../evil' escapes the package root ('..' is not allowed)");
      assertThat(files("tmp")).isEmpty();
      assertThat(files("sha256")).isEmpty();
    }

    @Test
    void put_notAnArchive_refusedAndNothingStored() throws IOException {
      assertThatThrownBy(
              () -> store.put(bytes("hello".getBytes(StandardCharsets.UTF_8)), Optional.empty()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("artifact upload is not a valid .tar.gz: not gzip data");
      assertThat(files("tmp")).isEmpty();
      assertThat(files("sha256")).isEmpty();
    }

    @Test
    void put_uploadBreaksOff_refusedAndNothingLeft() throws IOException {
      InputStream broken =
          new InputStream() {
            @Override
            public int read() throws IOException {
              throw new IOException("connection reset");
            }
          };

      assertThatThrownBy(() -> store.put(broken, Optional.empty()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("artifact upload could not be read to its end: connection reset");
      assertThat(files("tmp")).isEmpty();
      assertThat(files("sha256")).isEmpty();
    }

    @Test
    void put_tighterLimits_applied() {
      ArtifactStore strict = new ArtifactStore(root, MAX_BYTES, new Limits(1, 1 << 20, 1 << 20));

      assertThatThrownBy(() -> strict.put(bytes(archive), Optional.empty()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "artifact upload: holds more than the limit of 1 files, directories and symlinks");
    }
  }

  @Nested
  class Open {
    @Test
    void construct_leftoverStagedUploads_cleared() throws IOException {
      Files.writeString(root.resolve("tmp/upload-123.tar.gz"), "half an upload");
      Files.createDirectories(root.resolve("tmp/odd/dir"));

      new ArtifactStore(root, MAX_BYTES, Limits.DEFAULT);

      assertThat(files("tmp")).isEmpty();
    }

    @Test
    void construct_existingArtifacts_kept() throws IOException {
      store.put(bytes(archive), Optional.empty());

      ArtifactStore reopened = new ArtifactStore(root, MAX_BYTES, Limits.DEFAULT);

      assertThat(reopened.contains(id)).isTrue();
    }

    @Test
    void pathAndContains_absentArtifact_empty() {
      assertThat(store.path(id)).isEmpty();
      assertThat(store.contains(id)).isFalse();
    }

    @Test
    void pathAndOpen_storedArtifact_giveItsBytes() throws IOException {
      store.put(bytes(archive), Optional.empty());

      assertThat(store.path(id)).contains(storedFile());
      try (InputStream in = store.open(id)) {
        assertThat(in.readAllBytes()).isEqualTo(archive);
      }
    }

    @Test
    void open_absentArtifact_notFound() {
      assertThatThrownBy(() -> store.open(id))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("artifact " + id + " is not in the store");
    }
  }

  @Nested
  class Verify {
    @Test
    void verify_intactFile_passes() {
      store.put(bytes(archive), Optional.empty());

      store.verify(id);
    }

    @Test
    void verify_flippedByte_storageException() throws IOException {
      store.put(bytes(archive), Optional.empty());
      Path file = storedFile();
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      byte[] altered = Files.readAllBytes(file);
      altered[altered.length / 2] ^= 1;
      Files.write(file, altered);

      assertThatThrownBy(() -> store.verify(id))
          .isInstanceOf(StorageException.class)
          .hasMessage(
              "artifact "
                  + id
                  + " on disk does not match its digest: the file was altered or corrupted ("
                  + file
                  + ")");
    }

    @Test
    void verify_absentArtifact_notFound() {
      assertThatThrownBy(() -> store.verify(id))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("artifact " + id + " is not in the store");
    }
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(7).nextBytes(bytes);
    return bytes;
  }
}
