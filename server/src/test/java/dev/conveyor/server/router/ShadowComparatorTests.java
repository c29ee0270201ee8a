package dev.conveyor.server.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShadowComparatorTests {
  private final ShadowComparator comparator =
      new ShadowComparator(Set.of("timestamp", "requestId"));

  private static CapturedResponse answer(int status, String contentType, String body) {
    HttpResponse head =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    head.headers().set("Content-Type", contentType).set("X-Served-By", "whoever");
    CapturedResponse answer = CapturedResponse.of(head, Set.of("content-type"));
    answer.append(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), 1_000);
    return answer;
  }

  @Nested
  class Json {
    @Test
    void compare_keyOrderAndIgnoredFields_areNotDifferences() {
      CapturedResponse primary =
          answer(200, "application/json", "{\"id\":1,\"name\":\"shoe\",\"timestamp\":\"t1\"}");
      CapturedResponse shadow =
          answer(
              200,
              "application/json",
              "{\"name\":\"shoe\",\"timestamp\":\"t2\",\"requestId\":\"r9\",\"id\":1.0}");

      assertThat(comparator.compare("GET /p/{id}", primary, shadow)).isNull();
    }

    @Test
    void compare_nestedValue_namesItsPath() {
      CapturedResponse primary =
          answer(200, "application/json", "{\"items\":[{\"price\":10,\"timestamp\":1}]}");
      CapturedResponse shadow =
          answer(200, "application/json", "{\"items\":[{\"price\":12,\"timestamp\":2}]}");

      assertThat(comparator.compare("GET /cart", primary, shadow))
          .isEqualTo(new ShadowDifference("GET /cart", "body $.items[0].price", "10", "12"));
    }

    @Test
    void compare_ignoredFieldAtAnyDepth_isSkipped() {
      CapturedResponse primary =
          answer(200, "application/json", "{\"a\":{\"b\":{\"requestId\":\"x\"}}}");
      CapturedResponse shadow = answer(200, "application/json", "{\"a\":{\"b\":{}}}");

      assertThat(comparator.compare("GET /", primary, shadow)).isNull();
    }

    @Test
    void compare_missingField_saysAbsent() {
      CapturedResponse primary = answer(200, "application/json", "{\"a\":1,\"b\":2}");
      CapturedResponse shadow = answer(200, "application/json", "{\"a\":1}");

      assertThat(comparator.compare("GET /", primary, shadow))
          .isEqualTo(new ShadowDifference("GET /", "body $.b", "2", "(absent)"));
    }
  }

  @Test
  void compare_status_comesFirst() {
    assertThat(
            comparator.compare(
                "GET /", answer(200, "text/plain", "a"), answer(500, "text/plain", "b")))
        .isEqualTo(new ShadowDifference("GET /", "status", "200", "500"));
  }

  @Test
  void compare_allowListedHeader_differs_headersOutsideTheListDoNot() {
    assertThat(
            comparator.compare(
                "GET /", answer(200, "text/plain", "a"), answer(200, "text/html", "a")))
        .isEqualTo(new ShadowDifference("GET /", "header content-type", "text/plain", "text/html"));
  }

  @Test
  void compare_plainBodies_compareBytes() {
    assertThat(
            comparator.compare(
                "GET /", answer(200, "text/plain", "same"), answer(200, "text/plain", "same")))
        .isNull();
    assertThat(
            comparator.compare(
                "GET /", answer(200, "text/plain", "abc"), answer(200, "text/plain", "abd")))
        .isEqualTo(new ShadowDifference("GET /", "body", "at byte 2: abc", "at byte 2: abd"));
  }

  @Test
  void compare_bodyOverTheCap_isNotCompared() {
    CapturedResponse primary = answer(200, "text/plain", "x");
    CapturedResponse shadow = answer(200, "text/plain", "y");
    shadow.append(Unpooled.copiedBuffer(new byte[2_000]), 1_000);

    assertThat(comparator.compare("GET /", primary, shadow)).isNull();
  }
}
