package dev.conveyor.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class NamesTests {
  @Test
  void serviceName_valid_isKept() {
    assertThat(ServiceName.of("checkout-v2").value()).isEqualTo("checkout-v2");
  }

  @Test
  void serviceName_invalid_explainsTheRule() {
    assertThatThrownBy(() -> ServiceName.of("Checkout"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "service name 'Checkout' is not valid: use 1 to 63 lowercase letters, digits and '-',"
                + " starting with a letter and not ending with '-'");
    assertThatThrownBy(() -> ServiceName.of("a".repeat(64)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ServiceName.of("cart-")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ServiceName.of(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("service name is required");
  }

  @Test
  void environmentName_defaultsAreThePipelineInOrder() {
    assertThat(EnvironmentName.DEFAULTS)
        .extracting(EnvironmentName::value)
        .containsExactly("dev", "staging", "production");
  }

  @Test
  void isLabel_agreesWithTheRegexItReplaces() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    String alphabet = "abz09-A_.";
    for (int i = 0; i < 50_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(0, 66);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String value = s.toString();
      assertThat(Names.isLabel(value)).as(value).isEqualTo(Names.LABEL.matcher(value).matches());
    }
  }

  @Test
  void fleetKey_printsAsServiceSlashEnvironment() {
    assertThat(FleetKey.of("checkout", "production")).hasToString("checkout/production");
  }
}
