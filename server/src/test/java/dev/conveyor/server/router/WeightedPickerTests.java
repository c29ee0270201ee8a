package dev.conveyor.server.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class WeightedPickerTests {
  @Test
  void pick_nineToOne_splitsConsecutivePicksAlmostExactly() {
    WeightedPicker picker = new WeightedPicker(new int[] {9_000, 1_000});
    int[] picks = new int[2];
    for (long n = 0; n < 10_000; n++) {
      picks[picker.pick(n)]++;
    }
    // The golden-ratio sequence's discrepancy is O(log n / n): a handful of picks off, not sqrt(n).
    assertThat(picks[0]).isBetween(8_990, 9_010);
  }

  @Test
  void pick_anyWindowOfConsecutivePicks_keepsTheShare() {
    WeightedPicker picker = new WeightedPicker(new int[] {9_900, 100});
    int rare = 0;
    for (long n = 5_000; n < 5_000 + 1_000; n++) {
      rare += picker.pick(n);
    }
    assertThat(rare).isBetween(8, 12);
  }

  @Test
  void pick_zeroWeight_isNeverPicked() {
    WeightedPicker picker = new WeightedPicker(new int[] {0, 5, 0});
    for (long n = 0; n < 1_000; n++) {
      assertThat(picker.pick(n)).isEqualTo(1);
    }
  }

  @Test
  void pick_allZero_isMinusOne() {
    assertThat(new WeightedPicker(new int[] {0, 0}).pick(7)).isEqualTo(-1);
    assertThat(new WeightedPicker(new int[0]).pick(7)).isEqualTo(-1);
  }

  @Test
  void pick_excluding_picksOnlyTheOthersByWeight() {
    WeightedPicker picker = new WeightedPicker(new int[] {1, 1, 2});
    BitSet excluded = new BitSet();
    excluded.set(0);
    int[] picks = new int[3];
    for (long n = 0; n < 3_000; n++) {
      picks[picker.pick(n, excluded)]++;
    }
    assertThat(picks[0]).isZero();
    assertThat(picks[1]).isBetween(990, 1_010);
    excluded.set(1);
    excluded.set(2);
    assertThat(picker.pick(1, excluded)).isEqualTo(-1);
  }
}
