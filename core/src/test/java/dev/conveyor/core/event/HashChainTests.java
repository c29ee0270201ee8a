package dev.conveyor.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.core.testing.Events;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HashChainTests {
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void hash_isSha256OfPrevNewlinePayload() {
    // Computed independently: printf '%s\n%s' 000…000 '{}' | sha256sum
    assertThat(HashChain.hash(HashChain.GENESIS, "{}"))
        .isEqualTo("5649d09ed68c17156095d175eef152856c5b1a81c117c409c1e00f096aa6838e");
    assertThat(HashChain.hash(HashChain.GENESIS, "{ }"))
        .isNotEqualTo(HashChain.hash(HashChain.GENESIS, "{}"));
  }

  @Test
  void seal_chainsToTheHeadAndTruncatesToMicros() {
    HashChain.Sealed first =
        HashChain.seal(
            HashChain.Head.EMPTY,
            Events.draft(Events.registered("checkout", "v1")),
            T.plusNanos(1_234_567));
    assertThat(first.recorded().seq()).isEqualTo(1);
    assertThat(first.recorded().time()).isEqualTo(T.plusNanos(1_234_000));
    assertThat(first.recorded().prevHash()).isEqualTo(HashChain.GENESIS);
    assertThat(first.recorded().hash())
        .isEqualTo(HashChain.hash(HashChain.GENESIS, first.stored().payload()));

    HashChain.Sealed second =
        HashChain.seal(
            first.head(), Events.draft(Events.registered("checkout", "v2")), T.minusSeconds(5));
    assertThat(second.recorded().prevHash()).isEqualTo(first.recorded().hash());
    assertThat(second.recorded().time()).isEqualTo(first.recorded().time());
  }

  @Test
  void check_detectsEachKindOfBreak() {
    HashChain.Sealed first =
        HashChain.seal(HashChain.Head.EMPTY, Events.draft(Events.registered("checkout", "v1")), T);
    StoredEvent good = first.stored();
    assertThat(HashChain.check(HashChain.GENESIS, 1, good)).isNull();

    StoredEvent altered =
        new StoredEvent(1, good.payload().replace("v1", "v9"), good.prevHash(), good.hash());
    assertThat(HashChain.check(HashChain.GENESIS, 1, altered))
        .startsWith("its content does not match its hash (stored " + good.hash().substring(0, 12));

    assertThat(HashChain.check("f".repeat(64), 1, good))
        .isEqualTo(
            "its previous hash 000000000000… does not match the hash ffffffffffff… of event 0");
    assertThat(HashChain.check(HashChain.GENESIS, 2, good))
        .isEqualTo("expected sequence 2 but found 1 (a gap or reordering)");
  }
}
