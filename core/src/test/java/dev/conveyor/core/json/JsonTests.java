package dev.conveyor.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.json.JsonValue.JsonObject;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonTests {
  @Nested
  class Writing {
    @Test
    void objects_haveSortedKeysAndNoWhitespace() {
      JsonObject value =
          JsonValue.object()
              .put("b", 1)
              .put("a", "x")
              .put("c", JsonValue.array(List.of(JsonValue.of(true))))
              .build();
      assertThat(Json.write(value)).isEqualTo("{\"a\":\"x\",\"b\":1,\"c\":[true]}");
    }

    @Test
    void strings_escapeOnlyWhatJsonRequires() {
      assertThat(Json.write(JsonValue.of("q\"b\\n\nt\tc\u0001é")))
          .isEqualTo("\"q\\\"b\\\\n\\nt\\tc\\u0001é\"");
    }

    @Test
    void numbers_arePlainAndShortest() {
      assertThat(Json.write(JsonValue.of(10_000L))).isEqualTo("10000");
      assertThat(Json.write(JsonValue.of(0.25))).isEqualTo("0.25");
      assertThat(Json.write(JsonValue.of(1.0))).isEqualTo("1");
      assertThat(Json.write(Json.parse("1.50"))).isEqualTo("1.5");
      assertThat(Json.write(Json.parse("-0.0"))).isEqualTo("0");
    }

    @Test
    void nonFiniteDoubles_areRefused() {
      assertThatThrownBy(() -> JsonValue.of(Double.NaN))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("JSON numbers must be finite, got NaN");
    }

    @Test
    void nullMembers_areLeftOut() {
      assertThat(Json.write(JsonValue.object().put("a", (String) null).put("b", 2).build()))
          .isEqualTo("{\"b\":2}");
    }
  }

  @Nested
  class Parsing {
    @Test
    void roundTrip_isCanonical() {
      String text = "{ \"z\" : [1, 2.5, \"x\\u0041\", null, false], \"a\": {\"k\": -3e2} }";
      assertThat(Json.write(Json.parse(text)))
          .isEqualTo("{\"a\":{\"k\":-300},\"z\":[1,2.5,\"xA\",null,false]}");
    }

    @Test
    void errors_nameTheOffset() {
      assertThatThrownBy(() -> Json.parse("{\"a\":}"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("invalid JSON at offset 5: unexpected character '}'");
      assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}"))
          .hasMessage("invalid JSON at offset 7: duplicate key 'a'");
      assertThatThrownBy(() -> Json.parse("[1 2]"))
          .hasMessage("invalid JSON at offset 3: expected ',' or ']'");
      assertThatThrownBy(() -> Json.parse("\"abc"))
          .hasMessage("invalid JSON at offset 4: unterminated string");
      assertThatThrownBy(() -> Json.parse("01"))
          .hasMessage("invalid JSON at offset 1: unexpected text after the JSON value");
      assertThatThrownBy(() -> Json.parse("1e99999"))
          .hasMessage("invalid JSON at offset 0: number out of range: 1e99999");
    }

    @Test
    void deepNesting_isRefusedNotOverflowed() {
      String deep = "[".repeat(10_000) + "]".repeat(10_000);
      assertThatThrownBy(() -> Json.parse(deep))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("invalid JSON at offset 129: nesting deeper than 128");
    }

    @Test
    void arbitraryInput_onlyEverFailsWithInvalidInput() {
      SplittableRandom random = new SplittableRandom(11);
      String alphabet = "{}[]:,\"\\-+.eE0123456789truefalsnul \n\tu";
      for (int i = 0; i < 20_000; i++) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(1, 30);
        for (int j = 0; j < length; j++) {
          text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        try {
          JsonValue value = Json.parse(text.toString());
          assertThat(Json.parse(Json.write(value))).isEqualTo(value);
        } catch (InvalidInputException expected) {
          assertThat(expected.getMessage()).startsWith("invalid JSON at offset ");
        }
      }
    }
  }
}
