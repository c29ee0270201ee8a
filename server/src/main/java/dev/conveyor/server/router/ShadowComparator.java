package dev.conveyor.server.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a shadow's answer with the primary's: status, then the allow-listed headers, then the
 * body. JSON bodies (both Content-Types mention {@code json}) compare as JSON: object key order
 * does not matter, numbers compare by value, and the configured fields are ignored at any depth.
 * Other bodies compare byte for byte. Bodies over the cap are not compared.
 */
final class ShadowComparator {
  /** Characters of each value shown in a sample difference. */
  private static final int SHOWN = 120;

  private final ObjectMapper mapper = new ObjectMapper();
  private final Set<String> ignoredFields;

  ShadowComparator(Set<String> ignoredFields) {
    this.ignoredFields = Set.copyOf(ignoredFields);
  }

  /** The first difference between the two answers, or null when they match. */
  ShadowDifference compare(String route, CapturedResponse primary, CapturedResponse shadow) {
    if (primary.status != shadow.status) {
      return new ShadowDifference(
          route, "status", String.valueOf(primary.status), String.valueOf(shadow.status));
    }
    TreeSet<String> names = new TreeSet<>(primary.headers.keySet());
    names.addAll(shadow.headers.keySet());
    for (String name : names) {
      List<String> a = primary.headers.get(name);
      List<String> b = shadow.headers.get(name);
      if (!Objects.equals(a, b)) {
        return new ShadowDifference(route, "header " + name, values(a), values(b));
      }
    }
    if (primary.overCap() || shadow.overCap()) {
      return null;
    }
    byte[] a = primary.body();
    byte[] b = shadow.body();
    if (isJson(primary) && isJson(shadow)) {
      JsonNode x = parse(a);
      JsonNode y = parse(b);
      if (x != null && y != null) {
        String[] difference = firstDifference(x, y, "$");
        return difference == null
            ? null
            : new ShadowDifference(route, "body " + difference[0], difference[1], difference[2]);
      }
    }
    int at = Arrays.mismatch(a, b);
    if (at < 0) {
      return null;
    }
    return new ShadowDifference(route, "body", excerpt(a, at), excerpt(b, at));
  }

  /** {path, primary value, shadow value} of the first difference in document order, or null. */
  private String[] firstDifference(JsonNode a, JsonNode b, String path) {
    if (a.isObject() && b.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.properties().forEach(e -> names.add(e.getKey()));
      b.properties().forEach(e -> names.add(e.getKey()));
      names.removeAll(ignoredFields);
      for (String name : names) {
        JsonNode x = a.get(name);
        JsonNode y = b.get(name);
        String at = path + "." + name;
        if (x == null || y == null) {
          return new String[] {at, show(x), show(y)};
        }
        String[] inner = firstDifference(x, y, at);
        if (inner != null) {
          return inner;
        }
      }
      return null;
    }
    if (a.isArray() && b.isArray()) {
      int n = Math.min(a.size(), b.size());
      for (int i = 0; i < n; i++) {
        String[] inner = firstDifference(a.get(i), b.get(i), path + "[" + i + "]");
        if (inner != null) {
          return inner;
        }
      }
      if (a.size() != b.size()) {
        return new String[] {path + ".length", String.valueOf(a.size()), String.valueOf(b.size())};
      }
      return null;
    }
    if (a.isNumber() && b.isNumber()) { // 1 and 1.0 are the same number
      return a.decimalValue().compareTo(b.decimalValue()) == 0
          ? null
          : new String[] {path, show(a), show(b)};
    }
    return a.equals(b) ? null : new String[] {path, show(a), show(b)};
  }

  private JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = mapper.readTree(body);
      return node == null || node.isMissingNode() ? null : node;
    } catch (IOException notJson) { // a body that says JSON but is not compares as bytes
      return null;
    }
  }

  private static boolean isJson(CapturedResponse response) {
    return response.contentType != null
        && response.contentType.toLowerCase(Locale.ROOT).contains("json");
  }

  private static String values(List<String> values) {
    return values == null ? "(absent)" : shorten(String.join(", ", values));
  }

  private static String show(JsonNode node) {
    return node == null ? "(absent)" : shorten(node.toString());
  }

  private static String excerpt(byte[] body, int at) {
    int from = Math.max(0, at - SHOWN / 4);
    int to = Math.min(body.length, from + SHOWN);
    if (from >= to) {
      return "(ends at byte " + body.length + ")";
    }
    String text = new String(body, from, to - from, StandardCharsets.UTF_8);
    return "at byte " + at + ": " + (from > 0 ? "…" : "") + text + (to < body.length ? "…" : "");
  }

  private static String shorten(String text) {
    return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
  }

  /** For tests: the differences, as compared, of two JSON texts (null when equal). */
  String[] compareJson(String a, String b) throws IOException {
    return firstDifference(mapper.readTree(a), mapper.readTree(b), "$");
  }
}
