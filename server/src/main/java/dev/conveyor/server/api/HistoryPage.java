package dev.conveyor.server.api;

import java.util.List;

/**
 * One page of the history. {@code next} is the {@code after} (or, newest first, {@code before})
 * cursor for the following page, or null when there is none.
 */
public record HistoryPage(List<EventView> events, Long next, long lastSeq) {}
