package dev.conveyor.server.artifact;

import dev.conveyor.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paths of an artifact package, declared one entry at a time and checked against the rules that
 * keep every entry inside the package root.
 *
 * <p>The rules: names are relative, free of {@code ..} segments and NUL characters, and at most
 * {@value #MAX_PATH_BYTES} bytes ({@value #MAX_SEGMENT_BYTES} per segment); no path is declared
 * twice; no entry lies behind a symlink or a file; symlink targets are relative and, once every
 * symlink is known, resolve inside the root even when they pass through other symlinks (the kernel
 * resolves {@code ..} after following a symlink, so {@code q -> .} and {@code p -> q/..} escape
 * although each looks harmless alone). The number of paths, counting directories that entries only
 * imply, is capped: it bounds both the files an extraction creates and this tree's memory.
 */
final class PackageTree {
  static final int MAX_PATH_BYTES = 4096;
  static final int MAX_SEGMENT_BYTES = 255;

  /** Linux follows at most 40 symlinks while resolving one path; deeper chains fail there too. */
  private static final int MAX_SYMLINK_DEPTH = 40;

  private static final String ONLY_SUPPORTED =
      "artifacts may hold only files, directories and symlinks";

  /** What a path in the package is. */
  enum Kind {
    DIRECTORY("a directory"),
    FILE("a file"),
    SYMLINK("a symlink");

    private final String article;

    Kind(String article) {
      this.article = article;
    }

    /** {@code a file}, {@code a symlink}: for messages. */
    String withArticle() {
      return article;
    }
  }

  private final String subject;
  private final long maxPaths;
  private final Node root = new Node(null, "", Kind.DIRECTORY, false);
  private final List<Node> symlinks = new ArrayList<>();
  private long paths;

  /**
   * @param subject what messages start with, e.g. {@code artifact v1.tar.gz}
   * @param maxPaths how many paths (files, directories, symlinks) the package may hold
   */
  PackageTree(String subject, long maxPaths) {
    this.subject = subject;
    this.maxPaths = maxPaths;
  }

  /** How many paths the package holds, counting directories that entries only imply. */
  long paths() {
    return paths;
  }

  /**
   * The kind at a '/'-separated normalized path (directories that entries only imply included), or
   * null if the package has nothing there.
   */
  Kind kindAt(String path) {
    Node node = root;
    for (String segment : path.split("/", -1)) {
      node = node.child(segment);
      if (node == null) {
        return null;
      }
    }
    return node.kind;
  }

  /**
   * Declares one entry, failing if it breaks a rule.
   *
   * @param name the entry's name as the archive spells it
   * @param target the symlink target, for {@link Kind#SYMLINK} only
   * @return the normalized path: '/'-separated, no {@code .} or empty segments, no trailing '/';
   *     empty for the root itself
   */
  String declare(String name, Kind kind, String target) {
    List<String> segments = segments(name);
    if (kind == Kind.SYMLINK) {
      checkTarget(name, target, segments);
    }
    Node node = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      Node child = node.child(segments.get(i));
      if (child == null) {
        child = add(node, segments.get(i), Kind.DIRECTORY, false);
      } else if (child.kind == Kind.SYMLINK) {
        throw refusal(
            "entry %s passes through symlink %s; entries may not be placed behind a symlink",
            shown(name), shown(child.path()));
      } else if (child.kind == Kind.FILE) {
        throw refusal(
            "entry %s passes through %s, which is a file, not a directory",
            shown(name), shown(child.path()));
      }
      node = child;
    }
    if (segments.isEmpty()) {
      if (kind != Kind.DIRECTORY) {
        throw refusal(
            "entry %s names the package root, which can only be a directory", shown(name));
      }
      declareExisting(root, name, kind);
      return "";
    }
    String last = segments.get(segments.size() - 1);
    Node existing = node.child(last);
    if (existing != null) {
      declareExisting(existing, name, kind);
    } else {
      Node added = add(node, last, kind, true);
      if (kind == Kind.SYMLINK) {
        added.rawName = name;
        added.target = target;
        symlinks.add(added);
      }
    }
    return String.join("/", segments);
  }

  /**
   * Checks, once every entry is declared, that each symlink resolves inside the root when the
   * symlinks it passes through are followed.
   */
  void checkSymlinks() {
    for (Node link : symlinks) {
      Place place = resolve(link, 0);
      if (place == ESCAPED) {
        throw refusal(
            "symlink %s points to %s, outside the package",
            shown(link.rawName), shown(link.target));
      }
      if (place == LOOPED) {
        throw refusal(
            "symlink %s leads into a loop of symlinks (or a chain of more than %s)",
            shown(link.rawName), MAX_SYMLINK_DEPTH);
      }
    }
  }

  /** An entry of a kind no artifact may hold. */
  InvalidInputException unsupported(String name, String what) {
    return refusal("entry %s is %s; %s", shown(name), what, ONLY_SUPPORTED);
  }

  /** A refusal that starts with this tree's subject. */
  InvalidInputException refusal(String template, Object... args) {
    return new InvalidInputException(subject + ": " + String.format(Locale.ROOT, template, args));
  }

  /** A name quoted for a message: control characters escaped, very long names shortened. */
  static String shown(String name) {
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(name.length(), 160);
    for (int i = 0; i < limit; i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\0' -> out.append("\\0");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (name.length() > limit) {
      out.append('…');
    }
    return out.append('\'').toString();
  }

  private void declareExisting(Node existing, String name, Kind kind) {
    if (existing.declared) {
      throw refusal("entry %s appears twice", shown(name));
    }
    // An implied directory: declaring it as a directory makes it explicit; anything else clashes.
    if (kind != Kind.DIRECTORY) {
      throw refusal(
          "entry %s is %s, but earlier entries use %s as a directory",
          shown(name), kind.withArticle(), shown(existing.path()));
    }
    existing.declared = true;
  }

  private Node add(Node parent, String segment, Kind kind, boolean declared) {
    if (paths >= maxPaths) {
      throw refusal("holds more than the limit of %s files, directories and symlinks", maxPaths);
    }
    paths++;
    Node node = new Node(parent, segment, kind, declared);
    parent.children().put(segment, node);
    return node;
  }

  private List<String> segments(String name) {
    if (name.indexOf('\0') >= 0) {
      throw refusal("entry %s has a NUL character in its name", shown(name));
    }
    if (utf8Length(name) > MAX_PATH_BYTES) {
      throw refusal("entry %s is longer than %s bytes", shown(name), MAX_PATH_BYTES);
    }
    if (isAbsolute(name)) {
      throw refusal(
          "entry %s is an absolute path; entries must be relative to the package root",
          shown(name));
    }
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("/")) {
      // A backslash is an ordinary character on POSIX, but '..\' must not escape on Windows either.
      for (String part : segment.split("\\\\", -1)) {
        if (part.equals("..")) {
          throw refusal("entry %s escapes the package root ('..' is not allowed)", shown(name));
        }
      }
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (utf8Length(segment) > MAX_SEGMENT_BYTES) {
        throw refusal(
            "entry %s has a path segment longer than %s bytes", shown(name), MAX_SEGMENT_BYTES);
      }
      segments.add(segment);
    }
    return segments;
  }

  private void checkTarget(String name, String target, List<String> segments) {
    if (target == null || target.isEmpty()) {
      throw refusal("symlink %s has an empty target", shown(name));
    }
    if (target.indexOf('\0') >= 0) {
      throw refusal("symlink %s has a NUL character in its target", shown(name));
    }
    if (utf8Length(target) > MAX_PATH_BYTES) {
      throw refusal("symlink %s has a target longer than %s bytes", shown(name), MAX_PATH_BYTES);
    }
    // Lexically, from the link's directory; checkSymlinks() later follows other symlinks too.
    int depth = Math.max(segments.size() - 1, 0);
    boolean escapes = isAbsolute(target);
    for (String part : target.split("/")) {
      if (escapes) {
        break;
      }
      if (part.equals("..")) {
        escapes = --depth < 0;
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    if (escapes) {
      throw refusal("symlink %s points to %s, outside the package", shown(name), shown(target));
    }
  }

  private static boolean isAbsolute(String path) {
    return path.startsWith("/")
        || path.startsWith("\\")
        || (path.length() >= 2 && isAsciiLetter(path.charAt(0)) && path.charAt(1) == ':');
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  // ---- symlink resolution ----

  /** Where a resolution ended: a node, then {@code beyond} segments that the package lacks. */
  private record Place(Node node, int beyond) {}

  private static final Place ESCAPED = new Place(null, -1);
  private static final Place LOOPED = new Place(null, -2);

  private Place resolve(Node link, int depth) {
    if (link.resolved != null) {
      return link.resolved;
    }
    if (link.resolving || depth > MAX_SYMLINK_DEPTH) {
      return LOOPED;
    }
    link.resolving = true;
    Place place = walk(link.parent, link.target, depth + 1);
    link.resolving = false;
    link.resolved = place;
    return place;
  }

  private Place walk(Node start, String target, int depth) {
    Node node = start;
    int beyond = 0;
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (beyond > 0) {
          beyond--;
        } else if (node.parent == null) {
          return ESCAPED;
        } else {
          node = node.parent;
        }
        continue;
      }
      Node child = beyond > 0 ? null : node.child(part);
      if (child == null) {
        beyond++;
      } else if (child.kind == Kind.SYMLINK) {
        Place through = resolve(child, depth);
        if (through.node() == null) {
          return through;
        }
        node = through.node();
        beyond = through.beyond();
      } else {
        node = child;
      }
    }
    return new Place(node, beyond);
  }

  /** One path in the package; implied directories are undeclared nodes. */
  private static final class Node {
    final Node parent;
    final String segment;
    final Kind kind;
    boolean declared;
    private Map<String, Node> children;
    String rawName;
    String target;
    boolean resolving;
    Place resolved;

    Node(Node parent, String segment, Kind kind, boolean declared) {
      this.parent = parent;
      this.segment = segment;
      this.kind = kind;
      this.declared = declared;
    }

    Node child(String segment) {
      return children == null ? null : children.get(segment);
    }

    Map<String, Node> children() {
      if (children == null) {
        children = new HashMap<>();
      }
      return children;
    }

    String path() {
      return parent == null || parent.parent == null ? segment : parent.path() + "/" + segment;
    }
  }
}
