package dev.conveyor.core.score;

/**
 * What one measure adds to a risk score, for showing "why": its share of the counted weight and the
 * points that share earns ({@code share × score}). The points of all measures sum to the risk
 * score; a measure with weight 0 has share 0 and earns nothing.
 */
public record Contribution(
    String measure, double score, double weight, double share, double points) {}
