package dev.conveyor.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantsTests {
  @Test
  void canonical_agreesWithInstantParse_onWhatToStringWrites() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      long seconds = random.nextLong(0, 253_402_300_799L); // 1970 to 9999-12-31
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      String text = instant.toString();
      assertThat(Instants.canonical(text)).as(text).isEqualTo(instant);
    }
  }

  @Test
  void otherForms_fallBackToInstantParse() {
    assertThat(Instants.parse("2026-11-22T10:00:00.5Z"))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00.500Z"));
    assertThat(Instants.canonical("2026-11-22T10:00:00+01:00")).isNull();
    assertThat(Instants.parse("2026-11-22T10:00:00+01:00"))
        .isEqualTo(Instant.parse("2026-11-22T09:00:00Z"));
    assertThat(Instants.canonical("2026-02-30T10:00:00Z")).isNull();
    assertThat(Instants.canonical("2026-11-22T24:00:00Z")).isNull();
    assertThat(Instants.canonical("2026-11-22T10:00:00.Z")).isNull();
  }

  @Test
  void garbage_namesTheText() {
    assertThatThrownBy(() -> Instants.parse("yesterday"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("'yesterday' is not an ISO-8601 instant");
    assertThatThrownBy(() -> Instants.parse("2026-02-30T10:00:00Z"))
        .hasMessage("'2026-02-30T10:00:00Z' is not an ISO-8601 instant");
  }
}
