package dev.conveyor.core.event;

import java.time.Instant;

/**
 * An event as it stands in the history: its sequence number (from 1, without gaps), the time it was
 * recorded, who and what caused it, and its place in the hash chain ({@code prevHash} is the
 * previous event's {@code hash}; see {@link HashChain}).
 */
public record RecordedEvent(
    long seq,
    Instant time,
    Actor actor,
    Causation causation,
    Event event,
    String prevHash,
    String hash) {}
