package dev.conveyor.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.conveyor.core.artifact.Manifest;
import dev.conveyor.core.artifact.Provenance;
import dev.conveyor.core.artifact.RegisteredArtifact;
import java.util.List;
import java.util.Map;

/** An artifact as the API shows it; {@code manifest} only where asked for one artifact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactView(
    String id,
    String shortId,
    String service,
    String version,
    long size,
    ProvenanceView provenance,
    String registeredAt,
    long seq,
    ManifestView manifest) {

  /** Where the artifact came from; absent parts are null. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProvenanceView(String commit, String author, String built) {
    static ProvenanceView of(Provenance p) {
      return new ProvenanceView(
          p.commit(), p.author(), p.built() == null ? null : p.built().toString());
    }
  }

  /** How the artifact runs. Durations are ISO-8601 ({@code PT30S}). */
  public record ManifestView(
      List<String> command,
      Map<String, String> env,
      String portVariable,
      String readinessPath,
      String readinessTimeout,
      String drainTimeout) {
    static ManifestView of(Manifest m) {
      return new ManifestView(
          m.command(),
          m.env(),
          m.portVariable(),
          m.readinessPath(),
          m.readinessTimeout().toString(),
          m.drainTimeout().toString());
    }
  }

  public static ArtifactView of(RegisteredArtifact a, Manifest manifest) {
    return new ArtifactView(
        a.id().value(),
        a.id().shortForm(),
        a.service().value(),
        a.version(),
        a.size(),
        ProvenanceView.of(a.provenance()),
        a.registeredAt().toString(),
        a.seq(),
        manifest == null ? null : ManifestView.of(manifest));
  }
}
