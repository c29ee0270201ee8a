package dev.conveyor.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.core.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RouteTemplatesTests {
  private final RouteTemplates templates = new RouteTemplates(List.of(), 64);

  @Nested
  class Heuristics {
    @Test
    void template_numericSegment_collapsesToId() {
      assertThat(templates.template("GET", "/products/123")).isEqualTo("GET /products/{id}");
    }

    @Test
    void template_uuidAndLongHexSegments_collapseToId() {
      assertThat(
              templates.template("DELETE", "/carts/3f2b8c1e-9d4a-4b7e-8f00-1a2b3c4d5e6f/items/42"))
          .isEqualTo("DELETE /carts/{id}/items/{id}");
      assertThat(templates.template("GET", "/blobs/0123456789abcdef0123"))
          .isEqualTo("GET /blobs/{id}");
    }

    @Test
    void template_wordsAndShortHex_stayAsTheyAre() {
      assertThat(templates.template("GET", "/cafe/beef/v2")).isEqualTo("GET /cafe/beef/v2");
    }

    @Test
    void template_queryString_isNeverPartOfTheTemplate() {
      assertThat(templates.template("GET", "/search?q=shoes&page=2")).isEqualTo("GET /search");
      assertThat(templates.template("GET", "/?q=1")).isEqualTo("GET /");
    }

    @Test
    void template_rootAndTrailingSlash_arePreserved() {
      assertThat(templates.template("GET", "/")).isEqualTo("GET /");
      assertThat(templates.template("GET", "/products/")).isEqualTo("GET /products/");
    }
  }

  @Nested
  class Configured {
    @Test
    void template_matchingConfiguredTemplate_usesIt() {
      RouteTemplates table = new RouteTemplates(List.of("/products/{sku}", "POST /orders"), 64);

      assertThat(table.template("GET", "/products/blue-shoe")).isEqualTo("GET /products/{sku}");
      assertThat(table.template("POST", "/orders")).isEqualTo("POST /orders");
      assertThat(table.template("GET", "/orders")).isEqualTo("GET /orders");
    }

    @Test
    void constructor_templateWithoutSlash_failsNamingTheFix() {
      assertThatThrownBy(() -> new RouteTemplates(List.of("products/{id}"), 64))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "route template 'products/{id}' must start with '/': write it like '/products/{id}'");
    }

    @Test
    void constructor_unknownMethod_failsListingTheMethods() {
      assertThatThrownBy(() -> new RouteTemplates(List.of("FETCH /x"), 64))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "route template 'FETCH /x' names method FETCH: use one of GET, HEAD, POST, PUT,"
                  + " DELETE, PATCH, OPTIONS, TRACE, or no method for all");
    }
  }

  @Nested
  class Bounds {
    @Test
    void template_beyondTheMaximum_isOther() {
      RouteTemplates table = new RouteTemplates(List.of(), 2);

      assertThat(table.template("GET", "/a")).isEqualTo("GET /a");
      assertThat(table.template("GET", "/b")).isEqualTo("GET /b");
      assertThat(table.template("GET", "/c")).isEqualTo(RouteTemplates.OTHER);
      assertThat(table.template("GET", "/a?x=1")).isEqualTo("GET /a");
      assertThat(table.served()).containsExactly("GET /a", "GET /b", "OTHER");
    }

    @Test
    void template_nonStandardMethod_isOtherAndTakesNoSlot() {
      RouteTemplates table = new RouteTemplates(List.of(), 1);

      assertThat(table.template("BREW", "/pot")).isEqualTo(RouteTemplates.OTHER);
      assertThat(table.template("GET", "/pot")).isEqualTo("GET /pot");
    }

    @Test
    void template_manyDistinctIds_useOneSlot() {
      RouteTemplates table = new RouteTemplates(List.of(), 1);
      for (int i = 0; i < 1_000; i++) {
        assertThat(table.template("GET", "/products/" + i)).isEqualTo("GET /products/{id}");
      }
      assertThat(table.served()).containsExactly("GET /products/{id}");
    }
  }
}
