package dev.conveyor.server.testing;

import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Manifest;
import dev.conveyor.core.artifact.ManifestParser;
import dev.conveyor.server.artifact.ArtifactArchive;
import dev.conveyor.server.artifact.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Real artifacts for driver and controller tests: packages whose command runs {@link
 * TestInstanceMain} with this JVM, from this module's test classes.
 */
public final class TestInstances {
  private TestInstances() {}

  /** The artifact and its parsed manifest, stored in a store. */
  public record Stored(ArtifactId id, Manifest manifest) {}

  public static String javaPath() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** The directory holding TestInstanceMain's class: this module's test classes. */
  public static Path testClasses() {
    try {
      return Path.of(
          TestInstanceMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A manifest whose command runs TestInstanceMain with {@code args}. */
  public static String manifest(
      String service, String version, String readinessTimeout, String... args) {
    String command =
        Stream.concat(
                Stream.of(
                    javaPath(),
                    "-Xshare:auto",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    testClasses().toString(),
                    TestInstanceMain.class.getName()),
                Stream.of(args))
            .map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
            .collect(Collectors.joining(", ", "[", "]"));
    return "service: "
        + service
        + "\nversion: "
        + version
        + "\nrun:\n  command: "
        + command
        + "\n  env: {GREETING: hello}\n  port: APP_PORT\nreadiness:\n  path: /ready\n  timeout: "
        + readinessTimeout
        + "\ndrain:\n  timeout: 2s\n";
  }

  /**
   * Packs an artifact with this manifest text, puts it in {@code store}, returns id and manifest.
   */
  public static Stored store(ArtifactStore store, Path workDir, String name, String manifestText) {
    try {
      Path source = workDir.resolve("src-" + name);
      Files.createDirectories(source);
      Files.writeString(source.resolve("conveyor.yaml"), manifestText);
      Files.writeString(source.resolve("README"), "test instance " + name);
      Path packed = workDir.resolve(name + ".tar.gz");
      ArtifactArchive.pack(source, packed);
      try (InputStream in = Files.newInputStream(packed)) {
        ArtifactStore.Stored stored = store.put(in, Optional.empty());
        return new Stored(stored.id(), ManifestParser.parse(manifestText, Manifest.FILE_NAME));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
