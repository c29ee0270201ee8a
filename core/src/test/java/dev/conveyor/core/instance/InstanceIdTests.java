package dev.conveyor.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.fleet.ServiceName;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstanceIdTests {
  @Test
  void next_isServicePlusTwelveHexDigits_andDeterministicForASeed() {
    InstanceId id = InstanceId.next(ServiceName.of("checkout"), new SplittableRandom(42));
    assertThat(id.value()).matches("checkout-[0-9a-f]{12}");
    assertThat(InstanceId.next(ServiceName.of("checkout"), new SplittableRandom(42))).isEqualTo(id);
  }

  @Test
  void next_longServiceName_staysADnsLabel() {
    ServiceName longName = ServiceName.of("a".repeat(49) + "-" + "b".repeat(13));
    InstanceId id = InstanceId.next(longName, new SplittableRandom(1));
    assertThat(id.value()).hasSizeLessThanOrEqualTo(63).doesNotContain("--");
  }

  @Test
  void next_manyIds_doNotCollide() {
    SplittableRandom random = new SplittableRandom(7);
    Set<InstanceId> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(InstanceId.next(ServiceName.of("checkout"), random));
    }
    assertThat(ids).hasSize(100_000);
  }

  @Test
  void of_invalid_explainsTheRule() {
    assertThatThrownBy(() -> InstanceId.of("Checkout_1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "instance id 'Checkout_1' is not valid: use 1 to 63 lowercase letters, digits and '-'");
  }
}
