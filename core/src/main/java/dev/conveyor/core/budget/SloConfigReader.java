package dev.conveyor.core.budget;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.config.ConfigException;
import dev.conveyor.core.config.ConfigReader;
import dev.conveyor.core.config.YamlMapping;
import dev.conveyor.core.fleet.ServiceName;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Reads the objectives file:
 *
 * <pre>{@code
 * services:
 *   shop:
 *     window: 28d
 *     objectives:
 *       - {name: availability, kind: availability, target: 99.9%, latency: 1s}
 *       - {name: fast-pages, kind: latency, target: 99%, latency: 300ms}
 *       - {name: checkouts, kind: flow, route: POST /checkout, minPerMinute: 5, target: 99%}
 * policy:
 *   exhausted: refuse          # or allow
 *   fastBurn: rollback         # or pause
 *   exposureCap: 25%           # or off
 *   thresholds:
 *     - {below: 10%, tighten: 10}
 *     - {above: 90%, ease: 2}
 * alerts:
 *   webhooks: [https://hooks.example.com/conveyor]
 * }</pre>
 *
 * Shares are written as fractions (0.999) or percentages (99.9%). Every error names the file, the
 * line and the key.
 */
final class SloConfigReader {
  private SloConfigReader() {}

  static SloConfig read(ConfigReader root) {
    root.allowOnly("services", "policy", "alerts");
    Map<ServiceName, SloSpec> services = new TreeMap<>();
    if (root.optionalNode("services").isPresent()) {
      ConfigReader all = root.child("services");
      YamlMapping mapping = (YamlMapping) root.node("services");
      for (YamlMapping.Entry entry : mapping.entries()) {
        String name = entry.key().value();
        ConfigReader service = all.child(name);
        ServiceName id = checked(service, () -> ServiceName.of(name));
        services.put(id, service(id, service));
      }
    }
    BudgetPolicy policy =
        root.optionalChild("policy").map(SloConfigReader::policy).orElse(BudgetPolicy.DEFAULT);
    List<URI> webhooks =
        root.optionalChild("alerts").map(SloConfigReader::webhooks).orElse(List.of());
    return new SloConfig(services, policy, webhooks);
  }

  private static List<URI> webhooks(ConfigReader alerts) {
    alerts.allowOnly("webhooks");
    List<URI> urls = new ArrayList<>();
    for (String url : alerts.optionalStringList("webhooks").orElse(List.of())) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (java.net.URISyntaxException e) {
        uri = null;
      }
      if (uri == null
          || uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw alerts.error(
            alerts.lineOf("webhooks"),
            "'"
                + alerts.path("webhooks")
                + "' must hold http or https URLs, such as https://hooks.example.com/conveyor, got '"
                + url
                + "'");
      }
      urls.add(uri);
    }
    return urls;
  }

  private static SloSpec service(ServiceName id, ConfigReader service) {
    service.allowOnly("window", "objectives");
    Duration window = service.optionalDuration("window").orElse(SloSpec.DEFAULT_WINDOW);
    List<Objective> objectives = new ArrayList<>();
    for (ConfigReader objective : service.children("objectives")) {
      objectives.add(objective(objective));
    }
    return checked(service, () -> new SloSpec(id, window, objectives));
  }

  private static Objective objective(ConfigReader o) {
    o.allowOnly("name", "kind", "target", "latency", "route", "minPerMinute", "maxDrop");
    String name = o.string("name");
    String kindText = o.string("kind");
    ObjectiveKind kind =
        ObjectiveKind.byLabel(kindText)
            .orElseThrow(
                () -> o.invalid("kind", "one of " + String.join(", ", ObjectiveKind.labels())));
    double target = share(o, "target", "a share above 0 and below 100%, such as 99.9%");
    if (target <= 0 || target >= 1) {
      throw o.invalid("target", "a share above 0 and below 100%, such as 99.9%");
    }
    Optional<Duration> latency = o.optionalDuration("latency");
    if (kind == ObjectiveKind.LATENCY && latency.isEmpty()) {
      throw o.error(
          o.line(),
          "'"
              + o.path()
              + "' is a latency objective: give 'latency', the"
              + " threshold its requests must answer under, such as 300ms");
    }
    Optional<String> route = o.optionalString("route");
    OptionalDouble min = o.optionalNumber("minPerMinute");
    OptionalDouble drop =
        o.optionalNode("maxDrop").isPresent()
            ? OptionalDouble.of(share(o, "maxDrop", "a share such as 20%"))
            : OptionalDouble.empty();
    if (kind == ObjectiveKind.FLOW) {
      if (route.isEmpty()) {
        throw o.error(
            o.line(),
            "'"
                + o.path()
                + "' is a flow objective: give 'route', the"
                + " requests that make the flow, such as POST /checkout");
      }
      if (min.isPresent() == drop.isPresent()) {
        throw o.error(
            o.line(),
            "'"
                + o.path()
                + "' is a flow objective: give one of"
                + " 'minPerMinute' (such as 5) or 'maxDrop' (such as 20%)");
      }
    } else if (route.isPresent() || min.isPresent() || drop.isPresent()) {
      throw o.error(
          o.line(),
          "'"
              + o.path()
              + "': route, minPerMinute and maxDrop belong to flow"
              + " objectives, not "
              + kind);
    }
    return checked(o, () -> new Objective(name, kind, target, latency, route, min, drop));
  }

  private static BudgetPolicy policy(ConfigReader p) {
    p.allowOnly("exhausted", "fastBurn", "exposureCap", "thresholds");
    BudgetPolicy d = BudgetPolicy.DEFAULT;
    boolean refuse =
        p.optionalString("exhausted")
            .map(
                v ->
                    switch (v) {
                      case "refuse" -> true;
                      case "allow" -> false;
                      default -> throw p.invalid("exhausted", "refuse or allow");
                    })
            .orElse(d.refuseWhenExhausted());
    boolean rollback =
        p.optionalString("fastBurn")
            .map(
                v ->
                    switch (v) {
                      case "rollback" -> true;
                      case "pause" -> false;
                      default -> throw p.invalid("fastBurn", "rollback or pause");
                    })
            .orElse(d.rollbackOnFastBurn());
    String capRule = "a share above 0 and at most 100%, such as 25%, or off";
    double cap;
    if (p.optionalNode("exposureCap").isEmpty()) {
      cap = d.exposureCap();
    } else if ("off".equals(p.optionalString("exposureCap").orElse(""))) {
      cap = 0;
    } else {
      cap = share(p, "exposureCap", capRule);
      if (cap <= 0 || cap > 1) {
        throw p.invalid("exposureCap", capRule);
      }
    }
    List<ThresholdBand> bands = d.bands();
    if (p.optionalNode("thresholds").isPresent()) {
      bands = new ArrayList<>();
      for (ConfigReader band : p.children("thresholds")) {
        bands.add(band(band));
      }
    }
    return new BudgetPolicy(refuse, rollback, cap, bands);
  }

  private static ThresholdBand band(ConfigReader b) {
    b.allowOnly("below", "above", "tighten", "ease");
    boolean below = b.optionalNode("below").isPresent();
    if (below == b.optionalNode("above").isPresent()) {
      throw b.error(
          b.line(),
          "'"
              + b.path()
              + "' needs one of 'below' or 'above', such as"
              + " {below: 10%, tighten: 10}");
    }
    String boundKey = below ? "below" : "above";
    double bound = share(b, boundKey, "a share of the budget left, from 0 to 100%, such as 10%");
    if (bound < 0 || bound > 1) {
      throw b.invalid(boundKey, "a share of the budget left, from 0 to 100%, such as 10%");
    }
    boolean tighten = b.optionalNode("tighten").isPresent();
    if (tighten == b.optionalNode("ease").isPresent()) {
      throw b.error(b.line(), "'" + b.path() + "' needs one of 'tighten' or 'ease' (points)");
    }
    double points = b.number(tighten ? "tighten" : "ease");
    if (points < 0 || points > 100) {
      throw b.invalid(tighten ? "tighten" : "ease", "points from 0 to 100, such as 5");
    }
    return new ThresholdBand(below, bound, tighten ? points : -points);
  }

  /** A share written as a fraction (0.999) or a percentage (99.9%). */
  private static double share(ConfigReader reader, String key, String rule) {
    String text = reader.string(key).strip();
    try {
      // In decimal: 99.9% is 0.999, not 0.9990000000000001.
      return text.endsWith("%")
          ? new java.math.BigDecimal(text.substring(0, text.length() - 1).strip())
              .movePointLeft(2)
              .doubleValue()
          : new java.math.BigDecimal(text).doubleValue();
    } catch (NumberFormatException e) {
      throw reader.invalid(key, rule);
    }
  }

  private static <T> T checked(ConfigReader at, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (InvalidInputException e) {
      if (e instanceof ConfigException config) {
        throw config;
      }
      throw new ConfigException(at.fileName(), at.line(), e.getMessage(), e);
    }
  }
}
