package dev.conveyor.server.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTests {
  private final StringBuilder out = new StringBuilder();
  private final PrometheusText text = new PrometheusText(out);

  @Test
  void family_writesHelpAndTypeThenSamples() {
    text.family("jobs_total", "counter", "Jobs done.")
        .sample("jobs_total", 3, "queue", "a")
        .sample("jobs_total", 4, "queue", "b");

    assertThat(out.toString())
        .isEqualTo(
            """
            # HELP jobs_total Jobs done.
            # TYPE jobs_total counter
            jobs_total{queue="a"} 3
            jobs_total{queue="b"} 4
            """);
  }

  @Test
  void sample_labelValue_escapesBackslashQuoteAndLineFeed() {
    text.family("odd", "gauge", "Odd labels.").sample("odd", 1.5, "path", "a\\b\"c\nd");

    assertThat(out.toString()).endsWith("odd{path=\"a\\\\b\\\"c\\nd\"} 1.5\n");
    Map<String, PrometheusTextParser.Sample> parsed = PrometheusTextParser.parse(out.toString());
    assertThat(parsed.values())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.labels()).containsEntry("path", "a\\b\"c\nd");
              assertThat(s.value()).isEqualTo(1.5);
            });
  }

  @Test
  void sample_histogramSuffixes_belongToTheirFamily() {
    text.family("wait_seconds", "histogram", "Waits.")
        .sample("wait_seconds_bucket", 1, "le", "0.1")
        .sample("wait_seconds_bucket", 2, "le", "+Inf")
        .sample("wait_seconds_sum", 0.25)
        .sample("wait_seconds_count", 2);

    assertThat(PrometheusTextParser.parse(out.toString())).hasSize(4);
  }

  @Test
  void family_twice_fails() {
    text.family("a_total", "counter", "A.");

    assertThatThrownBy(() -> text.family("a_total", "counter", "A."))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("metric family a_total was already written");
  }

  @Test
  void sample_ofAnotherFamily_fails() {
    text.family("a_total", "counter", "A.");

    assertThatThrownBy(() -> text.sample("b_total", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample b_total does not belong to the counter family a_total");
  }

  @Test
  void number_specialValues_areWrittenAsGoReadsThem() {
    assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.number(3.0)).isEqualTo("3");
    assertThat(PrometheusText.number(1e-4)).isEqualTo("1.0E-4");
  }
}
