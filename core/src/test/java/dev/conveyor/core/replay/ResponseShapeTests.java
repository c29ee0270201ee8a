package dev.conveyor.core.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseShapeTests {
  @Test
  void of_jsonObjects_shapeByKeysAndTypesNotValuesOrOrder() {
    ResponseShape a =
        ResponseShape.of(
            "application/json; charset=utf-8", "{\"id\": 1, \"name\": \"mug\", \"tags\": [\"a\"]}");
    ResponseShape b =
        ResponseShape.of("application/json", "{\"tags\": [], \"name\": \"pot\", \"id\": 2}");

    assertThat(a.description()).isEqualTo("{\"id\":number,\"name\":string,\"tags\":[string]}");
    assertThat(b.description()).isEqualTo("{\"id\":number,\"name\":string,\"tags\":[]}");
    assertThat(
            ResponseShape.of(
                "application/json", "{\"id\": 2, \"name\": \"x\", \"tags\": [\"b\", \"c\"]}"))
        .isEqualTo(a);
  }

  @Test
  void of_arrayLength_doesNotChangeTheShape() {
    assertThat(ResponseShape.of("application/json", "[{\"a\":1},{\"a\":2},{\"a\":3}]"))
        .isEqualTo(ResponseShape.of("application/json", "[{\"a\":9}]"));
  }

  @Test
  void of_missingKeyOrOtherType_isAnotherShape() {
    ResponseShape order = ResponseShape.of("application/json", "{\"orderId\":\"o-1\",\"total\":3}");

    assertThat(ResponseShape.of("application/json", "{\"orderId\":\"o-1\"}")).isNotEqualTo(order);
    assertThat(ResponseShape.of("application/json", "{\"orderId\":1,\"total\":3}"))
        .isNotEqualTo(order);
    assertThat(
            ResponseShape.of("application/json", "[{\"a\":1,\"b\":true},{\"a\":null}]")
                .description())
        .isEqualTo("[{\"a\":null}|{\"a\":number,\"b\":boolean}]");
  }

  @Test
  void of_nonJsonOrEmpty_isKnownByMediaType() {
    assertThat(ResponseShape.of("text/HTML; charset=utf-8", "<p>hi</p>").description())
        .isEqualTo("text/html");
    assertThat(ResponseShape.of(null, "bytes").description()).isEqualTo("application/octet-stream");
    assertThat(ResponseShape.of("application/json", "")).isEqualTo(ResponseShape.EMPTY);
    assertThat(ResponseShape.of("application/json", "{oops").description())
        .isEqualTo("invalid json");
  }
}
