package dev.conveyor.core.artifact;

import dev.conveyor.core.Preconditions;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The identity of an artifact: {@code sha256:} and the hex SHA-256 of its packaged bytes. */
public record ArtifactId(String value) implements Comparable<ArtifactId> {
  public static final String PREFIX = "sha256:";
  private static final Pattern FORM = Pattern.compile("sha256:[0-9a-f]{64}");

  public ArtifactId {
    Preconditions.present(value, "artifact id");
    Preconditions.check(
        FORM.matcher(value).matches(),
        "artifact id '%s' is not valid: expected 'sha256:' followed by 64 lowercase hex digits",
        value);
  }

  public static ArtifactId of(String value) {
    return new ArtifactId(value);
  }

  /** The id of bytes whose SHA-256 digest is {@code digest}. */
  public static ArtifactId ofDigest(byte[] digest) {
    Preconditions.check(
        digest.length == 32, "a SHA-256 digest has 32 bytes, got %s", digest.length);
    return new ArtifactId(PREFIX + HexFormat.of().formatHex(digest));
  }

  /** The 64 hex digits without the {@code sha256:} prefix. */
  public String hex() {
    return value.substring(PREFIX.length());
  }

  /** The first 12 hex digits: enough to tell artifacts apart on a screen. */
  public String shortForm() {
    return value.substring(PREFIX.length(), PREFIX.length() + 12);
  }

  @Override
  public int compareTo(ArtifactId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
