package dev.conveyor.core.score;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One element of a parsed report: its name, attributes and child elements, with the position where
 * its start tag ends (what SAX reports) for error messages. Text content is dropped: no reader
 * needs it.
 */
record XmlElement(
    String name, Map<String, String> attributes, List<XmlElement> children, int line, int column) {
  XmlElement {
    attributes = Map.copyOf(attributes);
    children = List.copyOf(children);
  }

  Optional<String> attribute(String key) {
    return Optional.ofNullable(attributes.get(key));
  }

  /** The direct children named {@code childName}, in document order. */
  List<XmlElement> children(String childName) {
    return children.stream().filter(child -> child.name.equals(childName)).toList();
  }

  boolean has(String childName) {
    return children.stream().anyMatch(child -> child.name.equals(childName));
  }
}
