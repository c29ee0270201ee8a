package dev.conveyor.server.artifact;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import dev.conveyor.core.artifact.ArtifactId;
import dev.conveyor.core.artifact.Manifest;
import dev.conveyor.core.artifact.ManifestParser;
import dev.conveyor.core.artifact.RegisteredArtifact;
import dev.conveyor.core.event.Actor;
import dev.conveyor.core.event.ArtifactRegistered;
import dev.conveyor.core.event.Causation;
import dev.conveyor.core.event.EventDraft;
import dev.conveyor.core.fleet.ServiceName;
import dev.conveyor.core.history.History;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Registers artifacts: stores their bytes (verified, content-addressed), checks their manifest, and
 * records them in the history. Pushing the same bytes twice changes nothing.
 */
public final class ArtifactService {
  private static final Pattern HEX_PREFIX = Pattern.compile("(sha256:)?[0-9a-f]{4,64}");

  private final ArtifactStore store;
  private final History history;
  private final Map<ArtifactId, Manifest> manifests = new ConcurrentHashMap<>();

  public ArtifactService(ArtifactStore store, History history) {
    this.store = store;
    this.history = history;
  }

  /** The outcome of a push: the artifact, and whether this push registered it. */
  public record Pushed(RegisteredArtifact artifact, Manifest manifest, boolean created) {}

  /**
   * Stores and registers the {@code .tar.gz} in {@code bytes}. The bytes are verified against
   * {@code expected} when given; an unsafe archive or an invalid manifest is refused and leaves
   * nothing behind.
   */
  public Pushed push(
      InputStream bytes, Optional<ArtifactId> expected, Actor actor, Causation cause) {
    ArtifactStore.Stored stored = store.put(bytes, expected, ArtifactService::parseManifest);
    Manifest manifest = parseManifest(stored.manifestText());
    manifests.put(stored.id(), manifest);
    var recorded =
        history.record(
            state ->
                state.artifact(stored.id()).isPresent()
                    ? List.of()
                    : List.of(
                        new EventDraft(
                            actor,
                            cause,
                            new ArtifactRegistered(
                                stored.id(),
                                manifest.service(),
                                manifest.version(),
                                stored.size(),
                                manifest.provenance()))));
    RegisteredArtifact artifact = history.current().artifact(stored.id()).orElseThrow();
    return new Pushed(artifact, manifest, !recorded.isEmpty());
  }

  private static Manifest parseManifest(String text) {
    return ManifestParser.parse(text, Manifest.FILE_NAME);
  }

  /** Registered artifacts, newest first, optionally of one service. */
  public List<RegisteredArtifact> list(Optional<ServiceName> service) {
    return history.current().artifacts().stream()
        .filter(a -> service.isEmpty() || a.service().equals(service.get()))
        .sorted(Comparator.comparingLong(RegisteredArtifact::seq).reversed())
        .toList();
  }

  /**
   * The artifact named by a full id or by a unique prefix of its hex digest (at least 4 digits,
   * with or without {@code sha256:}).
   */
  public RegisteredArtifact resolve(String reference) {
    String ref = reference.strip().toLowerCase(Locale.ROOT);
    if (!HEX_PREFIX.matcher(ref).matches()) {
      throw new InvalidInputException(
          "'"
              + reference
              + "' is not an artifact id: give sha256:<64 hex digits>, or at least 4 leading hex"
              + " digits of one");
    }
    String hex =
        ref.startsWith(ArtifactId.PREFIX) ? ref.substring(ArtifactId.PREFIX.length()) : ref;
    List<RegisteredArtifact> matches =
        history.current().artifacts().stream()
            .filter(a -> a.id().hex().startsWith(hex))
            .sorted(Comparator.comparing(RegisteredArtifact::id))
            .toList();
    if (matches.isEmpty()) {
      throw new NotFoundException(
          "no artifact matches '" + reference + "'; 'conveyor artifact list' shows them");
    }
    if (matches.size() > 1) {
      throw new InvalidInputException(
          "artifact prefix '"
              + reference
              + "' is ambiguous: it matches "
              + String.join(", ", matches.stream().map(a -> a.id().shortForm()).toList())
              + "; give more digits");
    }
    return matches.get(0);
  }

  /** The manifest of a stored artifact, read from its package once and then remembered. */
  public Manifest manifest(ArtifactId id) {
    return manifests.computeIfAbsent(id, key -> parseManifest(store.manifestText(key)));
  }

  public ArtifactStore store() {
    return store;
  }
}
