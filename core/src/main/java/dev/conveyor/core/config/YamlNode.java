package dev.conveyor.core.config;

/** A node of a parsed YAML document: a scalar, a mapping or a sequence, with its 1-based line. */
public sealed interface YamlNode permits YamlScalar, YamlMapping, YamlSequence {
  /** The 1-based line on which this node starts. */
  int line();
}
