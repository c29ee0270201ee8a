package dev.conveyor.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReplaySetTests {
  @Nested
  class Parse {
    @Test
    void parse_linesWithCommentsAndBlanks_keepsRequestsInOrder() {
      ReplaySet set =
          ReplaySet.parse(
              """
              # the shop's standard set
              {"method": "GET", "target": "/products"}

              {"method": "POST", "target": "/checkout", "headers": {"Content-Type": "application/json", "Cookie": "s=1"}, "body": "{\\"product\\": 1}"}
              """,
              "standard.jsonl");

      assertThat(set.requests())
          .containsExactly(
              RecordedRequest.of("GET", "/products"),
              new RecordedRequest(
                  "POST",
                  "/checkout",
                  Map.of("content-type", "application/json"),
                  "{\"product\": 1}"));
    }

    @Test
    void toJsonl_parsedBack_isTheSameSet() {
      ReplaySet set =
          ReplaySet.of(
              RecordedRequest.of("GET", "/products?page=2"),
              new RecordedRequest(
                  "POST",
                  "/checkout",
                  Map.of("content-type", "application/json", "accept", "application/json"),
                  "{\"product\":1,\"quantity\":2}\n"));

      String jsonl = set.toJsonl();

      assertThat(ReplaySet.parse(jsonl, "captured")).isEqualTo(set);
      assertThat(jsonl.lines().findFirst())
          .contains("{\"method\":\"GET\",\"target\":\"/products?page=2\"}");
    }

    @Test
    void parse_missingMethod_namesSourceLineAndSyntax() {
      assertThatThrownBy(
              () ->
                  ReplaySet.parse(
                      "{\"method\": \"GET\", \"target\": \"/\"}\n\n{\"target\": \"/products\"}\n",
                      "standard.jsonl"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "replay set standard.jsonl line 3: \"method\" is missing; each line is {\"method\":"
                  + " \"GET\", \"target\": \"/products\"}");
    }

    @Test
    void parse_notJson_namesOffset() {
      assertThatThrownBy(() -> ReplaySet.parse("GET /products", "standard.jsonl"))
          .hasMessage(
              "replay set standard.jsonl line 1: invalid JSON at offset 0: unexpected character 'G';"
                  + " each line is {\"method\": \"GET\", \"target\": \"/products\"}");
    }

    @Test
    void parse_badTarget_namesValue() {
      assertThatThrownBy(
              () -> ReplaySet.parse("{\"method\": \"GET\", \"target\": \"products\"}", "s.jsonl"))
          .hasMessage(
              "replay set s.jsonl line 1: a recorded request's target must be a path starting"
                  + " with '/', got 'products'");
    }

    @Test
    void parse_lowerCaseMethod_isRefused() {
      assertThatThrownBy(
              () -> ReplaySet.parse("{\"method\": \"get\", \"target\": \"/\"}", "s.jsonl"))
          .hasMessage(
              "replay set s.jsonl line 1: a recorded request's method must be an HTTP method such"
                  + " as GET or POST, got 'get'");
    }

    @Test
    void parse_unknownField_listsTheKnownOnes() {
      assertThatThrownBy(
              () ->
                  ReplaySet.parse(
                      "{\"method\": \"GET\", \"target\": \"/\", \"path\": \"/x\"}", "s.jsonl"))
          .hasMessage(
              "replay set s.jsonl line 1: unknown field \"path\"; a line has \"method\","
                  + " \"target\" and optionally \"headers\" and \"body\"");
    }

    @Test
    void parse_bodyNotString_saysToWriteItAsText() {
      assertThatThrownBy(
              () ->
                  ReplaySet.parse(
                      "{\"method\": \"POST\", \"target\": \"/c\", \"body\": {\"a\": 1}}",
                      "s.jsonl"))
          .hasMessage(
              "replay set s.jsonl line 1: \"body\" must be a string (JSON bodies are written as"
                  + " text), got {\"a\":1}");
    }

    @Test
    void parse_methodNotString_namesValue() {
      assertThatThrownBy(() -> ReplaySet.parse("{\"method\": 1, \"target\": \"/\"}", "s.jsonl"))
          .hasMessage(
              "replay set s.jsonl line 1: \"method\" must be a string, got 1; each line is"
                  + " {\"method\": \"GET\", \"target\": \"/products\"}");
    }

    @Test
    void parse_onlyComments_isRefusedAsEmpty() {
      assertThatThrownBy(() -> ReplaySet.parse("# nothing yet\n\n", "standard.jsonl"))
          .hasMessage(
              "replay set standard.jsonl has no requests: write one request a line, like {\"method\":"
                  + " \"GET\", \"target\": \"/products\"}");
    }
  }
}
