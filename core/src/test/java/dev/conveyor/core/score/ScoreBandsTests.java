package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class ScoreBandsTests {
  @Test
  void defaults_cutAt60_70_80_90_andTheTopBandHolds100() {
    assertThat(ScoreBands.DEFAULT.bands())
        .extracting(ScoreBand::label)
        .containsExactly("[0, 60)", "[60, 70)", "[70, 80)", "[80, 90)", "[90, 100]");
    assertThat(ScoreBands.DEFAULT.text()).isEqualTo("60,70,80,90");
  }

  @Test
  void indexOf_putsACutPointInTheBandItOpens() {
    ScoreBands bands = ScoreBands.DEFAULT;
    assertThat(bands.indexOf(0)).isZero();
    assertThat(bands.indexOf(59.99)).isZero();
    assertThat(bands.indexOf(60)).isEqualTo(1);
    assertThat(bands.indexOf(89.5)).isEqualTo(3);
    assertThat(bands.indexOf(90)).isEqualTo(4);
    assertThat(bands.indexOf(100)).isEqualTo(4);
    assertThat(bands.bands().get(4).contains(100)).isTrue();
    assertThat(bands.bands().get(3).contains(90)).isFalse();
  }

  @Test
  void parse_readsCutPoints_withSpacesAndDecimals() {
    ScoreBands bands = ScoreBands.parse(" 50, 72.5 ");
    assertThat(bands.bands())
        .extracting(ScoreBand::label)
        .containsExactly("[0, 50)", "[50, 72.5)", "[72.5, 100]");
    assertThat(bands.text()).isEqualTo("50,72.5");
  }

  @Test
  void parse_notANumber_namesTheValueAndTheFix() {
    assertThatThrownBy(() -> ScoreBands.parse("60,seventy"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "bands '60,seventy': cut point 'seventy' is not a number; give ascending cut points"
                + " between 0 and 100, separated by commas, e.g. 60,70,80,90");
    assertThatThrownBy(() -> ScoreBands.parse("60,,70"))
        .hasMessage(
            "bands '60,,70': cut point '' is not a number; give ascending cut points between 0"
                + " and 100, separated by commas, e.g. 60,70,80,90");
  }

  @Test
  void parse_outOfRange_isRefused() {
    assertThatThrownBy(() -> ScoreBands.parse("60,100"))
        .hasMessage(
            "bands '60,100': band cut point 100 must be above 0 and below 100 (the bands always"
                + " start at 0 and end at 100); give ascending cut points between 0 and 100,"
                + " separated by commas, e.g. 60,70,80,90");
    assertThatThrownBy(() -> ScoreBands.parse("0,50"))
        .hasMessageStartingWith("bands '0,50': band cut point 0 must be above 0 and below 100");
  }

  @Test
  void parse_notAscending_isRefused() {
    assertThatThrownBy(() -> ScoreBands.parse("80,70"))
        .hasMessage(
            "bands '80,70': band cut points must ascend, but 70 follows 80; give ascending cut"
                + " points between 0 and 100, separated by commas, e.g. 60,70,80,90");
    assertThatThrownBy(() -> ScoreBands.parse("70,70"))
        .hasMessageStartingWith("bands '70,70': band cut points must ascend, but 70 follows 70");
  }

  @Test
  void parse_empty_isRefused() {
    assertThatThrownBy(() -> ScoreBands.parse(" "))
        .hasMessage(
            "bands are empty; give ascending cut points between 0 and 100, separated by commas,"
                + " e.g. 60,70,80,90");
  }
}
