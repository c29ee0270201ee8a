package dev.conveyor.server.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The mix syntax: {@code [WEIGHT] METHOD /PATH [BODY]}, comma-separated. */
class MixTests {
  @Nested
  class Parse {
    @Test
    void weightsMethodsPathsAndJsonBodies() {
      Mix mix = Mix.parse("8 GET /products, 2 POST /checkout {\"product\":1,\"quantity\":1}");

      assertThat(mix.templates())
          .containsExactly(
              new RequestTemplate("GET", "/products", "", 8),
              new RequestTemplate("POST", "/checkout", "{\"product\":1,\"quantity\":1}", 2));
      assertThat(mix.totalWeight()).isEqualTo(10);
    }

    @Test
    void weightDefaultsToOne_andSpacesInsideTheBodyStay() {
      Mix mix =
          Mix.parse("GET /search?q=a&page=2,PUT /notes/1  {\"text\": \"a, b\", \"tags\": [1, 2]}");

      assertThat(mix.templates())
          .containsExactly(
              new RequestTemplate("GET", "/search?q=a&page=2", "", 1),
              new RequestTemplate("PUT", "/notes/1", "{\"text\": \"a, b\", \"tags\": [1, 2]}", 1));
    }

    @Test
    void plainTextBody_isNotJson() {
      RequestTemplate template = Mix.parse("POST /echo hello there").templates().getFirst();

      assertThat(template.body()).isEqualTo("hello there");
      assertThat(template.jsonBody()).isFalse();
    }

    @Test
    void toString_isTheSyntax_andParsesBack() {
      Mix mix = Mix.parse(" 8 GET /products ,POST /checkout {\"product\":1} ");

      assertThat(mix).hasToString("8 GET /products, 1 POST /checkout {\"product\":1}");
      assertThat(Mix.parse(mix.toString())).isEqualTo(mix);
    }

    @Test
    void pick_followsTheWeights() {
      Mix mix = Mix.parse("3 GET /a, 1 GET /b");

      assertThat(mix.pick(0)).isZero();
      assertThat(mix.pick(2)).isZero();
      assertThat(mix.pick(3)).isEqualTo(1);
    }
  }

  @Nested
  class Errors {
    private void assertRefused(String text, String message) {
      assertThatThrownBy(() -> Mix.parse(text))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(message);
    }

    @Test
    void empty() {
      assertRefused(
          " ",
          "the mix is empty: give entries such as '8 GET /products, 2 POST /checkout"
              + " {\"product\":1,\"quantity\":1}'");
    }

    @Test
    void emptyEntry() {
      assertRefused("GET /a,,GET /b", "mix entry 2 is empty: separate entries with one comma");
      assertRefused("GET /a,", "mix entry 2 is empty: separate entries with one comma");
    }

    @Test
    void lowerCaseMethod() {
      assertRefused(
          "8 GET /a, 2 post /checkout",
          "mix entry 2 '2 post /checkout': 'post' is not an HTTP method: write it in capitals,"
              + " such as GET or POST");
    }

    @Test
    void pathWithoutSlash() {
      assertRefused(
          "GET products", "mix entry 1 'GET products': the path 'products' must start with '/'");
    }

    @Test
    void missingPath() {
      assertRefused(
          "8 GET",
          "mix entry 1 '8 GET': the path is missing: write [WEIGHT] METHOD /PATH [BODY], such as"
              + " 'GET /products'");
    }

    @Test
    void weightOnly() {
      assertRefused(
          "8",
          "mix entry 1 '8': a method and path are missing: write [WEIGHT] METHOD /PATH [BODY],"
              + " such as 'GET /'");
    }

    @Test
    void badWeight() {
      assertRefused(
          "0 GET /",
          "mix entry 1 '0 GET /': the weight must be a whole number from 1 to 1000000, got 0");
      assertRefused(
          "99999999999 GET /",
          "mix entry 1 '99999999999 GET /': the weight must be a whole number from 1 to 1000000,"
              + " got 99999999999");
    }

    @Test
    void unclosedBody() {
      assertRefused(
          "GET /a, POST /checkout {\"product\":1, 2 GET /b",
          "mix entry 2 'POST /checkout {\"product\":1, 2 GET /b' has an unclosed '{' or '[':"
              + " close it, so that the commas inside the body do not split the mix");
      assertRefused(
          "POST /echo \"hi, there",
          "mix entry 1 'POST /echo \"hi, there' has an unclosed '\"': close it, so that the"
              + " commas inside the body do not split the mix");
    }

    @Test
    void strayClosingBracket() {
      assertRefused(
          "GET /a, POST /b }, GET /c",
          "mix entry 2 'POST /b }' has a '}' that closes nothing: check the body's brackets");
    }
  }
}
