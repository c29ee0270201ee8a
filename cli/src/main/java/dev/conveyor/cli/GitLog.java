package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.score.ReviewTrailers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code submit --repo DIR}: the git log the review measure reads, taken from the repository itself
 * — the commits after the one production runs up to the artifact's own, in {@link
 * ReviewTrailers#FORMAT}. Both commits come from the artifacts' provenance; with nothing in
 * production, the artifact's commit alone.
 */
final class GitLog {
  private GitLog() {}

  /** The report's name in the submission. */
  static final String NAME = "git-log.txt";

  static String read(Path repo, JsonNode artifact, ApiClient client) {
    String commit = commit(artifact);
    if (commit == null) {
      throw new CliException(
          ExitCode.USAGE,
          "--repo needs the artifact's commit, but its conveyor.yaml names none: add"
              + " 'provenance: {commit: <sha>}' to it when the build packs it");
    }
    Optional<String> previous = productionCommit(artifact.get("service").asText(), client);
    List<String> command =
        new ArrayList<>(
            List.of("git", "-C", repo.toString(), "log", "--format=" + ReviewTrailers.FORMAT));
    String range;
    if (previous.isPresent() && !previous.get().equals(commit)) {
      range = previous.get() + ".." + commit;
      command.add(range);
    } else {
      range = "-1 " + commit;
      command.add("-1");
      command.add(commit);
    }
    return run(command, repo, range);
  }

  private static String commit(JsonNode artifact) {
    JsonNode provenance = artifact.get("provenance");
    if (provenance == null || provenance.isNull()) {
      return null;
    }
    JsonNode commit = provenance.get("commit");
    return commit == null || commit.isNull() ? null : commit.asText();
  }

  /** The commit of the artifact carrying most of the last environment's traffic, if known. */
  private static Optional<String> productionCommit(String service, ApiClient client) {
    JsonNode gates = client.get("/api/pipeline").get("gates");
    String production = gates.get(gates.size() - 1).get("environment").asText();
    String artifact = null;
    int weight = -1;
    for (JsonNode fleet : client.get("/api/status").get("fleets")) {
      if (fleet.get("service").asText().equals(service)
          && fleet.get("environment").asText().equals(production)) {
        for (JsonNode instance : fleet.get("instances")) {
          if (instance.get("state").asText().equals("active")
              && instance.get("weight").asInt() > weight) {
            weight = instance.get("weight").asInt();
            artifact = instance.get("artifact").asText();
          }
        }
      }
    }
    return artifact == null
        ? Optional.empty()
        : Optional.ofNullable(commit(client.get("/api/artifacts/" + artifact)));
  }

  private static String run(List<String> command, Path repo, String range) {
    try {
      Path out = Files.createTempFile("conveyor-git-log", ".txt");
      Path err = Files.createTempFile("conveyor-git-log", ".err");
      try {
        Process git =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!git.waitFor(60, TimeUnit.SECONDS)) {
          git.destroyForcibly();
          throw new CliException(
              ExitCode.FAILED, "git log in " + repo + " did not finish within 60s");
        }
        if (git.exitValue() != 0) {
          throw new CliException(
              ExitCode.USAGE,
              "--repo "
                  + repo
                  + ": git log "
                  + range
                  + " failed: "
                  + Files.readString(err, StandardCharsets.UTF_8).strip());
        }
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new CliException(
          ExitCode.USAGE, "cannot run git for --repo " + repo + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILED, "interrupted while running git log", e);
    }
  }
}
