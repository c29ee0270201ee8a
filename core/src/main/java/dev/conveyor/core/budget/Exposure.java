package dev.conveyor.core.budget;

import java.util.Locale;

/**
 * One deployment's spend of one objective's budget against the exposure cap: it may spend {@code
 * allowance} (the cap's share of what was left when it started), has spent {@code spent}, and at
 * its recent pace would have spent {@code projected} by the time a stop takes effect. It must stop
 * once the projection passes the allowance — before it spends more than its share, not after.
 */
public record Exposure(
    String objective,
    double cap,
    double remainingAtStart,
    double allowance,
    long spent,
    double projected) {

  public boolean exceeds() {
    return projected > allowance;
  }

  /** Why the deployment stops, in the words its rollback records. */
  public String reason() {
    return String.format(
        Locale.ROOT,
        "exposure cap: the deployment spent %d bad events of objective %s and at its pace would"
            + " reach %.1f before a stop takes effect, over its allowance of %.1f (%s of the %.1f"
            + " left when it started)",
        spent,
        objective,
        projected,
        allowance,
        BurnWindow.number(Math.round(cap * 100e6) / 1e6) + "%",
        remainingAtStart);
  }
}
