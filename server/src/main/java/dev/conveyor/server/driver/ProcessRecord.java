package dev.conveyor.server.driver;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.fleet.FleetKey;
import dev.conveyor.core.instance.Endpoint;
import dev.conveyor.core.instance.InstanceId;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.json.JsonValue;
import dev.conveyor.core.json.JsonValue.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * What the driver writes next to a running instance ({@code process.json}): enough to find the
 * process again after a restart, and to tell it from a process that reuses its pid.
 */
record ProcessRecord(
    InstanceId instance,
    FleetKey fleet,
    ArtifactId artifact,
    long pid,
    Instant processStart,
    Endpoint endpoint,
    String readinessPath) {

  static final String FILE_NAME = "process.json";

  String runtime() {
    return "pid " + pid + " started " + processStart;
  }

  void write(Path dir) throws IOException {
    String text =
        Json.write(
            JsonValue.object()
                .put("instance", instance.value())
                .put("service", fleet.service().value())
                .put("environment", fleet.environment().value())
                .put("artifact", artifact.value())
                .put("pid", pid)
                .put("processStart", processStart.toString())
                .put("host", endpoint.host())
                .put("port", endpoint.port())
                .put("readinessPath", readinessPath)
                .build());
    Path temp = dir.resolve(FILE_NAME + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
  }

  /** The record in {@code dir}, if there is a readable one. */
  static Optional<ProcessRecord> read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonObject o = Json.parseObject(Files.readString(file, StandardCharsets.UTF_8));
      return Optional.of(
          new ProcessRecord(
              InstanceId.of(o.string("instance")),
              FleetKey.of(o.string("service"), o.string("environment")),
              ArtifactId.of(o.string("artifact")),
              o.longValue("pid"),
              Instant.parse(o.string("processStart")),
              Endpoint.of(o.string("host"), o.intValue("port")),
              o.string("readinessPath")));
    } catch (IOException | InvalidInputException | java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static void remove(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(FILE_NAME));
  }
}
