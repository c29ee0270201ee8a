package dev.conveyor.core.config;

import java.util.List;

/** A YAML sequence (a list), block ({@code - item}) or flow ({@code [a, b]}), in source order. */
public record YamlSequence(List<YamlNode> items, int line) implements YamlNode {
  public YamlSequence {
    items = List.copyOf(items);
  }
}
