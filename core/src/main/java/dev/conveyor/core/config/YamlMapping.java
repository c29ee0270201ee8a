package dev.conveyor.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A YAML mapping, block ({@code key: value} lines) or flow ({@code {a: 1}}), with its entries in
 * source order and its keys unique (the parser rejects duplicates).
 */
public record YamlMapping(List<YamlMapping.Entry> entries, int line) implements YamlNode {
  public YamlMapping {
    entries = List.copyOf(entries);
  }

  /** One {@code key: value} pair; the key's line is where the entry is written. */
  public record Entry(YamlScalar key, YamlNode value) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
    }
  }

  /** The value of {@code key}, if the mapping has it. */
  public Optional<YamlNode> get(String key) {
    for (Entry entry : entries) {
      if (entry.key().value().equals(key)) {
        return Optional.of(entry.value());
      }
    }
    return Optional.empty();
  }
}
