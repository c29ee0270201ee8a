package dev.conveyor.server.router;

/**
 * One way a shadow's answer differed from the primary's, kept as an example: on which route, in
 * what ({@code status}, {@code header content-type}, {@code body $.items[0].price}, {@code body}),
 * and the two values (shortened).
 */
public record ShadowDifference(String route, String where, String primary, String shadow) {}
