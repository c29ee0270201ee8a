package dev.conveyor.core.config;

import java.util.Objects;

/**
 * Parses the strict subset of YAML that Conveyor's config files are written in, keeping the line of
 * every node so that each error can say {@code <file>:<line>: <what is wrong>}.
 *
 * <p>The subset: block mappings and sequences; flow sequences and mappings of scalars on one line;
 * plain, single- and double-quoted scalars on one line; comments; an optional leading {@code ---}.
 * Everything else (anchors, tags, block scalars, multi-line scalars, several documents, tabs for
 * indentation, duplicate keys) is refused with a {@link ConfigException} naming the line, as are
 * documents over {@link #MAX_BYTES} and nesting deeper than {@link #MAX_DEPTH}. No other exception
 * escapes for any input text.
 *
 * <p>A plain {@code null}, {@code ~} or missing value parses to the empty unquoted scalar ({@link
 * YamlScalar#isNull()}); no other scalar is interpreted (numbers and booleans stay text, for a
 * typed reader such as {@link ConfigReader} to read).
 */
public final class Yaml {
  /** The largest document accepted, in UTF-8 bytes: 1 MiB. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** The deepest nesting of collections accepted; the root collection is level 1. */
  public static final int MAX_DEPTH = 64;

  private Yaml() {}

  /**
   * Parses one document. An empty document (only blank lines and comments) is an empty mapping at
   * line 1.
   *
   * @param fileName how errors name the file, e.g. {@code conveyor.yaml}
   * @throws ConfigException when the text is not in the supported subset
   */
  public static YamlNode parse(String text, String fileName) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(fileName, "fileName");
    return new YamlParser(text, fileName).document();
  }
}
