package dev.conveyor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/jdk-home, the script ./mvnw and ./conveyor use to find a JDK >= 21, run for real. */
class JdkHomeScriptTests {
  private static final Path SCRIPT = Path.of("..", "bin", "jdk-home").toAbsolutePath().normalize();

  record Result(int exitCode, String out, String err) {}

  private static Result run(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString());
    builder.environment().remove("JAVA_HOME");
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), out, err);
  }

  /** A fake JDK home whose release file says {@code version}. */
  private static Path fakeJdk(Path dir, String name, String version) throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    for (String tool : new String[] {"java", "javac"}) {
      Path file = home.resolve("bin").resolve(tool);
      Files.writeString(file, "#!/bin/sh\necho 'openjdk version \"" + version + "\"' >&2\n");
      file.toFile().setExecutable(true);
    }
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  @Test
  void noSuitableJdk_printsOneLineSayingWhatToInstall(@TempDir Path dir) throws Exception {
    fakeJdk(dir, "jdk-17", "17.0.15");
    Result result = run(Map.of("CONVEYOR_JDK_DIRS", dir + "/*"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("conveyor: needs a JDK 21 or newer (")
        .endsWith(
            "); install one (e.g. Temurin 21+ or 'apt-get install openjdk-21-jdk') or set JAVA_HOME to it.");
  }

  @Test
  void severalJdks_picksTheNewestQualifyingOne(@TempDir Path dir) throws Exception {
    fakeJdk(dir, "jdk-17", "17.0.15");
    fakeJdk(dir, "jdk-21", "21.0.4");
    Path newest = fakeJdk(dir, "jdk-25", "25.0.1");
    Result result = run(Map.of("CONVEYOR_JDK_DIRS", dir + "/*"));
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo(newest + "\n");
  }

  @Test
  void javaHome_isPreferredWhenItQualifies(@TempDir Path dir) throws Exception {
    Path chosen = fakeJdk(dir, "jdk-21", "21.0.4");
    fakeJdk(dir, "jdk-25", "25.0.1");
    Result result = run(Map.of("CONVEYOR_JDK_DIRS", dir + "/*", "JAVA_HOME", chosen.toString()));
    assertThat(result.out()).isEqualTo(chosen + "\n");
  }

  @Test
  void javaHomeTooOld_isPassedOver(@TempDir Path dir) throws Exception {
    Path old = fakeJdk(dir, "jdk-17", "17.0.15");
    Path good = fakeJdk(dir, "jdk-22", "22");
    Result result = run(Map.of("CONVEYOR_JDK_DIRS", dir + "/*", "JAVA_HOME", old.toString()));
    assertThat(result.out()).isEqualTo(good + "\n");
  }
}
