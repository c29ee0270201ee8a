package dev.conveyor.core.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The history's hash chain. Each event's hash is the SHA-256 of the previous event's hash, a
 * newline, and the event's canonical payload; the first event's previous hash is {@link #GENESIS}.
 * Changing any byte of any stored event changes its hash, which no longer matches the next event's
 * {@code prevHash}.
 */
public final class HashChain {
  /** The previous hash of event 1. */
  public static final String GENESIS = "0".repeat(64);

  private HashChain() {}

  /**
   * The hash of an event with {@code payload} following an event whose hash is {@code prevHash}.
   */
  public static String hash(String prevHash, String payload) {
    MessageDigest sha256 = sha256();
    sha256.update(prevHash.getBytes(StandardCharsets.US_ASCII));
    sha256.update((byte) '\n');
    sha256.update(payload.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha256.digest());
  }

  /**
   * Seals a draft as the event after {@code head}: numbers it, stamps it (never earlier than the
   * previous event, so that time order and sequence order agree), encodes and hashes it.
   */
  public static Sealed seal(Head head, EventDraft draft, Instant now) {
    Instant time = now.truncatedTo(ChronoUnit.MICROS);
    if (time.isBefore(head.time())) {
      time = head.time();
    }
    long seq = head.seq() + 1;
    String payload = EventCodec.encode(seq, time, draft.actor(), draft.causation(), draft.event());
    String hash = hash(head.hash(), payload);
    RecordedEvent recorded =
        new RecordedEvent(
            seq, time, draft.actor(), draft.causation(), draft.event(), head.hash(), hash);
    return new Sealed(recorded, new StoredEvent(seq, payload, head.hash(), hash));
  }

  /** Checks one stored event against the hash of the event before it; null when it holds. */
  public static String check(String expectedPrevHash, long expectedSeq, StoredEvent stored) {
    if (stored.seq() != expectedSeq) {
      return "expected sequence "
          + expectedSeq
          + " but found "
          + stored.seq()
          + " (a gap or reordering)";
    }
    if (!stored.prevHash().equals(expectedPrevHash)) {
      return "its previous hash "
          + abbreviate(stored.prevHash())
          + " does not match the hash "
          + abbreviate(expectedPrevHash)
          + " of event "
          + (expectedSeq - 1);
    }
    String actual = hash(stored.prevHash(), stored.payload());
    if (!actual.equals(stored.hash())) {
      return "its content does not match its hash (stored "
          + abbreviate(stored.hash())
          + ", computed "
          + abbreviate(actual)
          + ")";
    }
    try {
      RecordedEvent decoded = EventCodec.decode(stored);
      if (decoded.seq() != stored.seq()) {
        return "its payload says sequence "
            + decoded.seq()
            + " but it is stored as "
            + stored.seq();
      }
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    return null;
  }

  private static String abbreviate(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /** The last event of a chain: what the next event is sealed against. */
  public record Head(long seq, Instant time, String hash) {
    public static final Head EMPTY = new Head(0, Instant.EPOCH, GENESIS);

    public static Head of(RecordedEvent event) {
      return new Head(event.seq(), event.time(), event.hash());
    }
  }

  /** A sealed event in both forms: as the domain reads it, and as the store writes it. */
  public record Sealed(RecordedEvent recorded, StoredEvent stored) {
    public Head head() {
      return Head.of(recorded);
    }
  }
}
