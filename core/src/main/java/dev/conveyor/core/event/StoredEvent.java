package dev.conveyor.core.event;

/**
 * An event exactly as a store holds it: the canonical payload text and the two hashes. {@link
 * HashChain#verify} works on these, so that it checks the bytes on disk, not a re-encoding.
 */
public record StoredEvent(long seq, String payload, String prevHash, String hash) {}
