package dev.conveyor.core.history;

/**
 * Folded state as of event {@code seq}, encoded by {@link StateCodec}. {@code eventHash} is that
 * event's hash and {@code digest} binds the payload to it, so that a snapshot that was altered, or
 * does not belong to the chain, is detected and not used.
 */
public record Snapshot(long seq, String eventHash, String payload, String digest) {}
