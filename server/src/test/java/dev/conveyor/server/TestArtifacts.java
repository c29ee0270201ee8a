package dev.conveyor.server;

import dev.conveyor.server.artifact.ArtifactArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds real artifact packages for tests: a directory with a conveyor.yaml, packed. */
public final class TestArtifacts {
  private TestArtifacts() {}

  public static String manifest(String service, String version) {
    return "service: "
        + service
        + "\nversion: "
        + version
        + "\nrun:\n  command: [java, -jar, app.jar]\nreadiness:\n  path: /ready\nprovenance:\n"
        + "  commit: f1176b5\n  author: bob@example.com\n";
  }

  /** A packed artifact of {@code service} at {@code version}, written under {@code dir}. */
  public static Path packed(Path dir, String service, String version) {
    return packedWith(dir, service + "-" + version, manifest(service, version));
  }

  /** A packed artifact with this manifest text, written under {@code dir}. */
  public static Path packedWith(Path dir, String name, String manifestText) {
    try {
      Path source = dir.resolve(name);
      Files.createDirectories(source);
      Files.writeString(source.resolve("conveyor.yaml"), manifestText);
      Files.writeString(source.resolve("app.jar"), "pretend this is a jar for " + name);
      Path target = dir.resolve(name + ".tar.gz");
      ArtifactArchive.pack(source, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
