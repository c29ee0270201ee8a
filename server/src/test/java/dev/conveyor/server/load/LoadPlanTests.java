package dev.conveyor.server.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A load plan's rules, and the requests and timing it implies. */
class LoadPlanTests {
  private static final URI TARGET = URI.create("http://127.0.0.1:8080");

  @Test
  void requests_isRateTimesDuration_roundedDown_atLeastOne() {
    assertThat(LoadPlan.of(TARGET, 500, Duration.ofSeconds(2), Mix.DEFAULT).requests())
        .isEqualTo(1_000);
    assertThat(LoadPlan.of(TARGET, 2.5, Duration.ofSeconds(3), Mix.DEFAULT).requests())
        .isEqualTo(7);
    assertThat(LoadPlan.of(TARGET, 0.1, Duration.ofSeconds(1), Mix.DEFAULT).requests())
        .isEqualTo(1);
  }

  @Test
  void intendedTimes_areEvenlySpaced() {
    LoadPlan plan = LoadPlan.of(TARGET, 400, Duration.ofSeconds(1), Mix.DEFAULT);

    assertThat(plan.intendedOffsetNanos(0)).isZero();
    assertThat(plan.intendedOffsetNanos(1)).isEqualTo(2_500_000);
    assertThat(plan.intendedOffsetNanos(400)).isEqualTo(1_000_000_000);
  }

  @Test
  void url_appendsThePathToTheTarget() {
    RequestTemplate products = RequestTemplate.of("GET", "/products?page=2");

    assertThat(LoadPlan.of(TARGET, 1, Duration.ofSeconds(1), Mix.DEFAULT).url(products))
        .isEqualTo(URI.create("http://127.0.0.1:8080/products?page=2"));
    assertThat(
            LoadPlan.of(URI.create("http://h:1/api/"), 1, Duration.ofSeconds(1), Mix.DEFAULT)
                .url(products))
        .isEqualTo(URI.create("http://h:1/api/products?page=2"));
  }

  @Test
  void defaults() {
    LoadPlan plan = LoadPlan.of(TARGET, 1, Duration.ofSeconds(1), Mix.DEFAULT);

    assertThat(plan.maxInFlight()).isEqualTo(256);
    assertThat(plan.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(plan.warmup()).isZero();
    assertThat(Mix.DEFAULT).hasToString("1 GET /");
  }

  @Test
  void badValues_areRefusedNamingTheValue() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> LoadPlan.of(URI.create("https://h"), 1, second, Mix.DEFAULT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "the load target 'https://h' must be an http:// URL with a host and no query, such as"
                + " http://127.0.0.1:8080");
    assertThatThrownBy(() -> LoadPlan.of(URI.create("http://h/?a=1"), 1, second, Mix.DEFAULT))
        .hasMessageStartingWith("the load target 'http://h/?a=1' must be an http:// URL");
    assertThatThrownBy(() -> LoadPlan.of(TARGET, 0, second, Mix.DEFAULT))
        .hasMessage(
            "the load rate must be from more than 0 to 1000000 requests per second, got 0.0");
    assertThatThrownBy(() -> LoadPlan.of(TARGET, 1, Duration.ZERO, Mix.DEFAULT))
        .hasMessage("the load duration must be positive, got PT0S");
    assertThatThrownBy(() -> LoadPlan.of(TARGET, 1, second, Mix.DEFAULT).withMaxInFlight(0))
        .hasMessage("the in-flight cap must be from 1 to 65536, got 0");
    assertThatThrownBy(() -> LoadPlan.of(TARGET, 1, second, Mix.DEFAULT).withTimeout(Duration.ZERO))
        .hasMessage("the load timeout must be positive, got PT0S");
    assertThatThrownBy(
            () -> LoadPlan.of(TARGET, 1, second, Mix.DEFAULT).withWarmup(Duration.ofSeconds(-1)))
        .hasMessage("the load warm-up must not be negative, got PT-1S");
  }
}
