package dev.conveyor.core.traffic;

import dev.conveyor.core.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One fleet's table of route templates: maps a request's method and path to a template such as
 * {@code GET /products/{id}}, so that per-route metrics stay bounded whatever paths clients send.
 *
 * <p>A path matches the first configured template whose segments match ({@code {name}} matches any
 * one segment); otherwise numeric, UUID and long hexadecimal segments collapse to {@code {id}}.
 * Query strings are never part of a template. The table holds at most {@code maxTemplates}
 * templates, assigned in order of first use; beyond that, and for non-standard methods, requests
 * count as {@link #OTHER}.
 */
public final class RouteTemplates {
  /** The template of every request the table has no room for. */
  public static final String OTHER = "OTHER";

  /** Distinct paths remembered per fleet; beyond this, paths are templated on each request. */
  private static final int MAX_CACHED_PATHS = 10_000;

  private static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE");

  /** A template and its slot in per-route counters; slot 0 is {@link #OTHER}. */
  public record Route(int index, String template) {}

  /** A configured template, split into segments; {@code null} segments match anything. */
  private record Pattern(String method, String[] segments, String path) {}

  private final Route other = new Route(0, OTHER);
  private final List<Pattern> patterns;
  private final int maxTemplates;
  private final ConcurrentHashMap<String, Route> byTemplate = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<String> names;
  private final List<ConcurrentHashMap<String, Route>> cacheByMethod = new ArrayList<>();
  private final AtomicInteger cached = new AtomicInteger();
  private volatile boolean otherServed;
  private int assigned; // guarded by this

  /**
   * A table with the given configured templates ({@code /products/{id}} for every method, or {@code
   * GET /products/{id}} for one) and room for {@code maxTemplates} templates.
   */
  public RouteTemplates(List<String> configured, int maxTemplates) {
    Preconditions.check(
        maxTemplates >= 1, "route templates: the maximum must be 1 or more, got %s", maxTemplates);
    this.maxTemplates = maxTemplates;
    this.names = new AtomicReferenceArray<>(maxTemplates + 1);
    names.set(0, OTHER);
    List<Pattern> parsed = new ArrayList<>();
    for (String template : configured) {
      parsed.add(parse(template));
    }
    this.patterns = List.copyOf(parsed);
    for (int i = 0; i < METHODS.size(); i++) {
      cacheByMethod.add(new ConcurrentHashMap<>());
    }
  }

  /** The template for a request with {@code method} and request target {@code uri}. */
  public String template(String method, String uri) {
    return route(method, uri).template();
  }

  /** The templates requests have used so far, in order of first use ({@code OTHER} last). */
  public Set<String> served() {
    List<Route> routes = new ArrayList<>(byTemplate.values());
    routes.sort((a, b) -> Integer.compare(a.index(), b.index()));
    Set<String> served = new LinkedHashSet<>();
    routes.forEach(r -> served.add(r.template()));
    if (otherServed) {
      served.add(OTHER);
    }
    return served;
  }

  /** How many counter slots a table needs: one per template plus {@code OTHER}. */
  public int slots() {
    return maxTemplates + 1;
  }

  /** The template in counter slot {@code slot}, or null while the slot is unused. */
  public String name(int slot) {
    return names.get(slot);
  }

  /** The route a template names, if requests have used it. */
  public Optional<Route> find(String template) {
    if (OTHER.equals(template)) {
      return Optional.of(other);
    }
    return Optional.ofNullable(byTemplate.get(template));
  }

  /** The template of a request, with its counter slot. */
  public Route route(String method, String uri) {
    int m = METHODS.indexOf(method);
    if (m < 0) { // an unknown method token is client-chosen: it must not open a new template
      otherServed = true;
      return other;
    }
    String path = path(uri);
    ConcurrentHashMap<String, Route> cache = cacheByMethod.get(m);
    Route route = cache.get(path);
    if (route != null) {
      if (route == other) {
        otherServed = true;
      }
      return route;
    }
    route = assign(templateOf(METHODS.get(m), path));
    if (cached.get() < MAX_CACHED_PATHS && cache.putIfAbsent(path, route) == null) {
      cached.incrementAndGet();
    }
    return route;
  }

  private Route assign(String template) {
    Route route = byTemplate.get(template);
    if (route != null) {
      return route;
    }
    synchronized (this) {
      route = byTemplate.get(template);
      if (route != null) {
        return route;
      }
      if (assigned >= maxTemplates) {
        otherServed = true;
        return other;
      }
      route = new Route(++assigned, template);
      names.set(route.index(), template);
      byTemplate.put(template, route);
      return route;
    }
  }

  private String templateOf(String method, String path) {
    String[] segments = path.split("/", -1);
    for (Pattern pattern : patterns) {
      if (matches(pattern, method, segments)) {
        return method + " " + pattern.path();
      }
    }
    StringBuilder template = new StringBuilder(method.length() + path.length() + 1);
    template.append(method).append(' ');
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        template.append('/');
      }
      template.append(looksLikeId(segments[i]) ? "{id}" : segments[i]);
    }
    return template.toString();
  }

  private static boolean matches(Pattern pattern, String method, String[] segments) {
    if (pattern.method() != null && !pattern.method().equals(method)) {
      return false;
    }
    if (pattern.segments().length != segments.length) {
      return false;
    }
    for (int i = 0; i < segments.length; i++) {
      String expected = pattern.segments()[i];
      if (expected == null ? segments[i].isEmpty() : !expected.equals(segments[i])) {
        return false;
      }
    }
    return true;
  }

  /** The path of a request target: everything before the query or fragment. */
  public static String path(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '?' || c == '#') {
        return i == 0 ? "/" : uri.substring(0, i);
      }
    }
    return uri.isEmpty() ? "/" : uri;
  }

  /** Whether a path segment names one thing among many: a number, a UUID or a long hex string. */
  static boolean looksLikeId(String segment) {
    int n = segment.length();
    if (n == 0) {
      return false;
    }
    boolean digits = true;
    boolean hex = true;
    for (int i = 0; i < n; i++) {
      char c = segment.charAt(i);
      digits &= c >= '0' && c <= '9';
      hex &= isHex(c);
    }
    // 16 hex digits is a 64-bit id; shorter hex words ("cafe", "add", "deadbeef") may be names.
    return digits || (hex && n >= 16) || isUuid(segment);
  }

  private static boolean isUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHex(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static Pattern parse(String template) {
    Preconditions.present(template, "route template");
    String text = template.strip();
    String method = null;
    int space = text.indexOf(' ');
    if (space > 0) {
      method = text.substring(0, space).toUpperCase(Locale.ROOT);
      text = text.substring(space + 1).strip();
      Preconditions.check(
          METHODS.contains(method),
          "route template '%s' names method %s: use one of %s, or no method for all",
          template,
          method,
          String.join(", ", METHODS));
    }
    Preconditions.check(
        text.startsWith("/"),
        "route template '%s' must start with '/': write it like '/products/{id}'",
        template);
    Preconditions.check(
        text.indexOf('?') < 0 && text.indexOf('#') < 0,
        "route template '%s' must not contain a query: templates match paths only",
        template);
    String[] segments = text.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.length() >= 2 && s.startsWith("{") && s.endsWith("}")) {
        segments[i] = null;
      }
    }
    return new Pattern(method, segments, text);
  }
}
