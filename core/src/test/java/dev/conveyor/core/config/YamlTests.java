package dev.conveyor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class YamlTests {
  private static final String FILE = "test.yaml";

  private static YamlNode parse(String text) {
    return Yaml.parse(text, FILE);
  }

  /** The message of the ConfigException parsing {@code text} must throw. */
  private static String error(String text) {
    try {
      YamlNode node = Yaml.parse(text, FILE);
      return fail("expected a ConfigException, parsed " + node);
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isEqualTo(FILE + ":" + e.line() + ": " + e.detail());
      assertThat(e.fileName()).isEqualTo(FILE);
      return e.getMessage();
    }
  }

  private static YamlScalar plain(String value, int line) {
    return new YamlScalar(value, false, line);
  }

  private static YamlScalar quoted(String value, int line) {
    return new YamlScalar(value, true, line);
  }

  private static YamlMapping.Entry entry(String key, int line, YamlNode value) {
    return new YamlMapping.Entry(plain(key, line), value);
  }

  @Nested
  class Documents {
    @Test
    void parse_emptyText_isEmptyMappingAtLine1() {
      assertThat(parse("")).isEqualTo(new YamlMapping(List.of(), 1));
    }

    @Test
    void parse_onlyCommentsAndBlankLines_isEmptyMappingAtLine1() {
      assertThat(parse("# a comment\n\n   \n  # indented comment\n\t\n"))
          .isEqualTo(new YamlMapping(List.of(), 1));
    }

    @Test
    void parse_leadingDocumentMarker_isSkippedAndLinesCountIt() {
      assertThat(parse("# header\n--- # start\na: 1\n"))
          .isEqualTo(new YamlMapping(List.of(entry("a", 3, plain("1", 3))), 3));
    }

    @Test
    void parse_secondDocumentMarker_fails() {
      assertThat(error("a: 1\n---\nb: 2\n"))
          .isEqualTo(
              "test.yaml:2: a second document ('---') is not supported; put one document in each"
                  + " file");
    }

    @Test
    void parse_twoLeadingMarkers_fails() {
      assertThat(error("---\n---\na: 1\n"))
          .isEqualTo(
              "test.yaml:2: a second document ('---') is not supported; put one document in each"
                  + " file");
    }

    @Test
    void parse_documentEndMarker_fails() {
      assertThat(error("a: 1\n...\n"))
          .isEqualTo("test.yaml:2: the document end marker '...' is not supported");
    }

    @Test
    void parse_contentOnTheMarkerLine_fails() {
      assertThat(error("--- a: 1\n"))
          .isEqualTo(
              "test.yaml:1: content on the '---' line is not supported; start the document on the"
                  + " next line");
    }

    @Test
    void parse_directive_fails() {
      assertThat(error("%YAML 1.2\n---\na: 1\n"))
          .isEqualTo("test.yaml:1: directives (%) are not supported");
    }

    @Test
    void parse_rootScalar_isAllowed() {
      assertThat(parse("\n  hello world  # greeting\n")).isEqualTo(plain("hello world", 2));
    }

    @Test
    void parse_rootSequence_isAllowed() {
      assertThat(parse("- a\n- b\n"))
          .isEqualTo(new YamlSequence(List.of(plain("a", 1), plain("b", 2)), 1));
    }

    @Test
    void parse_rootSequenceOfFlowStyle_isAllowed() {
      assertThat(parse("[a, b]"))
          .isEqualTo(new YamlSequence(List.of(plain("a", 1), plain("b", 1)), 1));
    }

    @Test
    void parse_contentAfterRootFlowValue_fails() {
      assertThat(error("[a]\nb: 1\n"))
          .isEqualTo(
              "test.yaml:2: unexpected content after the document's value, which is complete at"
                  + " line 1");
    }

    @Test
    void parse_windowsAndOldMacLineEnds_countLines() {
      assertThat(parse("a: 1\r\nb: 2\rc: 3"))
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry("a", 1, plain("1", 1)),
                      entry("b", 2, plain("2", 2)),
                      entry("c", 3, plain("3", 3))),
                  1));
    }

    @Test
    void parse_byteOrderMark_isSkipped() {
      assertThat(parse("\uFEFFa: 1\n"))
          .isEqualTo(new YamlMapping(List.of(entry("a", 1, plain("1", 1))), 1));
    }

    @Test
    void parse_controlCharacter_failsNamingIt() {
      assertThat(error("a: 1\nb: x\u0007y\n"))
          .isEqualTo("test.yaml:2: control character U+0007 is not allowed");
    }

    @Test
    void parse_nullCharacterInsideQuotes_fails() {
      assertThat(error("a: \"\u0000\"\n"))
          .isEqualTo("test.yaml:1: control character U+0000 is not allowed");
    }
  }

  @Nested
  class BlockMappings {
    @Test
    void parse_entries_keepSourceOrderAndLines() {
      YamlNode node = parse("zeta: 1\nalpha: two words\n\nmid: \"3\"\n");

      assertThat(node)
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry("zeta", 1, plain("1", 1)),
                      entry("alpha", 2, plain("two words", 2)),
                      entry("mid", 4, quoted("3", 4))),
                  1));
    }

    @Test
    void parse_nestedMappings_haveTheLinesOfTheirFirstKey() {
      YamlNode node = parse("outer:\n  # note\n  inner:\n    leaf: x\n  after: y\nlast: z\n");

      YamlMapping inner = new YamlMapping(List.of(entry("leaf", 4, plain("x", 4))), 4);
      YamlMapping outer =
          new YamlMapping(List.of(entry("inner", 3, inner), entry("after", 5, plain("y", 5))), 3);
      assertThat(node)
          .isEqualTo(
              new YamlMapping(
                  List.of(entry("outer", 1, outer), entry("last", 6, plain("z", 6))), 1));
    }

    @Test
    void parse_emptyNullAndTilde_areTheNullScalar() {
      YamlMapping mapping = (YamlMapping) parse("a:\nb: null\nc: ~\nd: NULL\ne: Null # c\n");

      assertThat(mapping.entries())
          .extracting(YamlMapping.Entry::value)
          .containsExactly(
              YamlScalar.nullAt(1),
              YamlScalar.nullAt(2),
              YamlScalar.nullAt(3),
              YamlScalar.nullAt(4),
              YamlScalar.nullAt(5));
      assertThat(YamlScalar.nullAt(1).isNull()).isTrue();
    }

    @Test
    void parse_quotedNull_isAString() {
      YamlScalar value = (YamlScalar) ((YamlMapping) parse("a: 'null'\n")).get("a").orElseThrow();

      assertThat(value).isEqualTo(quoted("null", 1));
      assertThat(value.isNull()).isFalse();
    }

    @Test
    void parse_emptyValueFollowedByASibling_isNull() {
      assertThat(parse("a:\nb: 1\n"))
          .isEqualTo(
              new YamlMapping(
                  List.of(entry("a", 1, YamlScalar.nullAt(1)), entry("b", 2, plain("1", 2))), 1));
    }

    @Test
    void parse_keysAndValuesWithColonsNotFollowedBySpace_arePlain() {
      assertThat(parse("url: http://host:8080/a\nbuilt: 2026-11-22T10:00:00Z\n"))
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry("url", 1, plain("http://host:8080/a", 1)),
                      entry("built", 2, plain("2026-11-22T10:00:00Z", 2))),
                  1));
    }

    @Test
    void parse_quotedKeys_areKeys() {
      YamlMapping mapping = (YamlMapping) parse("\"a: b\": 1\n'it''s' : 2\n");

      assertThat(mapping.entries())
          .containsExactly(
              new YamlMapping.Entry(quoted("a: b", 1), plain("1", 1)),
              new YamlMapping.Entry(quoted("it's", 2), plain("2", 2)));
    }

    @Test
    void parse_tabAfterColon_separatesTheValue() {
      assertThat(parse("a:\tb\tc\n"))
          .isEqualTo(new YamlMapping(List.of(entry("a", 1, plain("b\tc", 1))), 1));
    }

    @Test
    void get_presentAndAbsentKeys() {
      YamlMapping mapping = (YamlMapping) parse("a: 1\nb: 2\n");

      assertThat(mapping.get("b")).contains(plain("2", 2));
      assertThat(mapping.get("c")).isEmpty();
    }

    @Test
    void parse_duplicateKey_failsNamingTheFirstLine() {
      assertThat(error("a: 1\nb: 2\na: 3\n"))
          .isEqualTo("test.yaml:3: duplicate key 'a' (first defined at line 1)");
    }

    @Test
    void parse_duplicateKeyNested_failsOnItsLine() {
      assertThat(error("top:\n  x: 1\n  'x': 2\n"))
          .isEqualTo("test.yaml:3: duplicate key 'x' (first defined at line 2)");
    }

    @Test
    void parse_sameKeyInDifferentMappings_isFine() {
      assertThat(parse("a:\n  x: 1\nb:\n  x: 2\n")).isInstanceOf(YamlMapping.class);
    }

    @Test
    void parse_missingColon_failsNamingTheKey() {
      assertThat(error("service: checkout\nversion v1 # the version\n"))
          .isEqualTo("test.yaml:2: missing ':' after key 'version v1'");
    }

    @Test
    void parse_missingColonOnTheFirstLine_failsNamingTheKey() {
      assertThat(error("service checkout\nversion: v1\n"))
          .isEqualTo("test.yaml:1: missing ':' after key 'service checkout'");
    }

    @Test
    void parse_colonWithoutKey_fails() {
      assertThat(error("a: 1\n: 2\n")).isEqualTo("test.yaml:2: missing key before ':'");
    }

    @Test
    void parse_flowCollectionWhereAKeyBelongs_fails() {
      assertThat(error("a: 1\n[b]\n"))
          .isEqualTo("test.yaml:2: expected 'key: value' here, got a flow collection");
    }

    @Test
    void parse_colonSpaceInsidePlainValue_fails() {
      assertThat(error("a: b: c\n"))
          .isEqualTo(
              "test.yaml:1: unexpected ': ' in a plain value; quote the value, or put a nested"
                  + " mapping on the lines below its key");
    }

    @Test
    void parse_listStartingOnTheKeyLine_fails() {
      assertThat(error("a: - b\n"))
          .isEqualTo(
              "test.yaml:1: a list cannot start on the same line as its key; put each '- ' item on"
                  + " a line of its own below the key");
    }

    @Test
    void parse_complexKey_fails() {
      assertThat(error("? a\n: b\n"))
          .isEqualTo("test.yaml:1: complex keys ('? ') are not supported");
    }
  }

  @Nested
  class BlockSequences {
    @Test
    void parse_sequenceIndentedUnderKey() {
      assertThat(parse("k:\n  - a\n  - b\n"))
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry("k", 1, new YamlSequence(List.of(plain("a", 2), plain("b", 3)), 2))),
                  1));
    }

    @Test
    void parse_sequenceAtTheKeysIndent_belongsToTheKey() {
      assertThat(parse("k:\n- a\n- b\nnext: 1\n"))
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry("k", 1, new YamlSequence(List.of(plain("a", 2), plain("b", 3)), 2)),
                      entry("next", 4, plain("1", 4))),
                  1));
    }

    @Test
    void parse_itemsThatAreMappings_continueOnFollowingLines() {
      YamlNode node = parse("- name: a\n  port: 1\n\n- name: b\n");

      assertThat(node)
          .isEqualTo(
              new YamlSequence(
                  List.of(
                      new YamlMapping(
                          List.of(entry("name", 1, plain("a", 1)), entry("port", 2, plain("1", 2))),
                          1),
                      new YamlMapping(List.of(entry("name", 4, plain("b", 4))), 4)),
                  1));
    }

    @Test
    void parse_mappingItemWithASequenceAtItsIndent() {
      YamlNode node = parse("- key:\n  - a\n  other: 1\n");

      YamlMapping item =
          new YamlMapping(
              List.of(
                  entry("key", 1, new YamlSequence(List.of(plain("a", 2)), 2)),
                  entry("other", 3, plain("1", 3))),
              1);
      assertThat(node).isEqualTo(new YamlSequence(List.of(item), 1));
    }

    @Test
    void parse_nestedSequences_compactAndIndented() {
      YamlNode node = parse("- - a\n  - b\n-\n  - c\n- d\n");

      assertThat(node)
          .isEqualTo(
              new YamlSequence(
                  List.of(
                      new YamlSequence(List.of(plain("a", 1), plain("b", 2)), 1),
                      new YamlSequence(List.of(plain("c", 4)), 4),
                      plain("d", 5)),
                  1));
    }

    @Test
    void parse_emptyItems_areNull() {
      assertThat(parse("-\n- # nothing\n- ~\n"))
          .isEqualTo(
              new YamlSequence(
                  List.of(YamlScalar.nullAt(1), YamlScalar.nullAt(2), YamlScalar.nullAt(3)), 1));
    }

    @Test
    void parse_itemWithMappingBelowTheDash() {
      assertThat(parse("-\n  a: 1\n"))
          .isEqualTo(
              new YamlSequence(
                  List.of(new YamlMapping(List.of(entry("a", 2, plain("1", 2))), 2)), 1));
    }

    @Test
    void parse_dashFollowedByText_isAPlainScalar() {
      assertThat(parse("- -1\n- -x\n"))
          .isEqualTo(new YamlSequence(List.of(plain("-1", 1), plain("-x", 2)), 1));
    }

    @Test
    void parse_keyLineInsideARootList_fails() {
      assertThat(error("- a\nb: 1\n"))
          .isEqualTo("test.yaml:2: expected '- ' to continue the list that starts at line 1");
    }

    @Test
    void parse_listItemInsideAMapping_fails() {
      assertThat(error("a: 1\n- b\n"))
          .isEqualTo("test.yaml:2: expected 'key: value' here, got a list item ('- ')");
    }

    @Test
    void parse_keyAfterAnIndentedList_fails() {
      assertThat(error("items:\n  - a\n  b: 1\n"))
          .isEqualTo("test.yaml:3: expected '- ' to continue the list that starts at line 2");
    }

    @Test
    void parse_tabAfterTheDash_fails() {
      assertThat(error("-\ta\n"))
          .isEqualTo("test.yaml:1: tabs are not allowed for indentation; use spaces");
    }
  }

  @Nested
  class FlowCollections {
    @Test
    void parse_flowSequence_ofPlainAndQuotedScalars() {
      assertThat(parse("k: [a, \"b c\", 'd', e f ]\n"))
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry(
                          "k",
                          1,
                          new YamlSequence(
                              List.of(
                                  plain("a", 1), quoted("b c", 1), quoted("d", 1), plain("e f", 1)),
                              1))),
                  1));
    }

    @Test
    void parse_emptyFlowCollections() {
      YamlMapping mapping = (YamlMapping) parse("a: []\nb: {}\nc: [ ]\n");

      assertThat(mapping.entries())
          .extracting(YamlMapping.Entry::value)
          .containsExactly(
              new YamlSequence(List.of(), 1),
              new YamlMapping(List.of(), 2),
              new YamlSequence(List.of(), 3));
    }

    @Test
    void parse_flowMapping_keepsOrderAndQuoting() {
      assertThat(parse("env: {B: \"1\", A: x, C: }\n"))
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry(
                          "env",
                          1,
                          new YamlMapping(
                              List.of(
                                  entry("B", 1, quoted("1", 1)),
                                  entry("A", 1, plain("x", 1)),
                                  entry("C", 1, YamlScalar.nullAt(1))),
                              1))),
                  1));
    }

    @Test
    void parse_flowMappingWithQuotedKeyAndNoSpace() {
      assertThat(parse("{\"a\":1, 'b': null}"))
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      new YamlMapping.Entry(quoted("a", 1), plain("1", 1)),
                      new YamlMapping.Entry(quoted("b", 1), YamlScalar.nullAt(1))),
                  1));
    }

    @Test
    void parse_trailingCommaAndComment_areAllowed() {
      assertThat(parse("k: [a, b, ] # two\n"))
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry("k", 1, new YamlSequence(List.of(plain("a", 1), plain("b", 1)), 1))),
                  1));
    }

    @Test
    void parse_plainFlowItems_mayHoldColonsAndHashes() {
      assertThat(parse("[http://x:1/a#b, c#d]"))
          .isEqualTo(new YamlSequence(List.of(plain("http://x:1/a#b", 1), plain("c#d", 1)), 1));
    }

    @Test
    void parse_flowSequenceAsListItem() {
      assertThat(parse("- [a]\n- {b: c}\n"))
          .isEqualTo(
              new YamlSequence(
                  List.of(
                      new YamlSequence(List.of(plain("a", 1)), 1),
                      new YamlMapping(List.of(entry("b", 2, plain("c", 2))), 2)),
                  1));
    }

    @Test
    void parse_nestedFlowCollection_fails() {
      assertThat(error("a: [1, [2]]\n"))
          .isEqualTo(
              "test.yaml:1: nested flow collections are not supported; write the outer collection"
                  + " in block style");
      assertThat(error("a: {b: {c: 1}}\n"))
          .isEqualTo(
              "test.yaml:1: nested flow collections are not supported; write the outer collection"
                  + " in block style");
    }

    @Test
    void parse_flowSequenceSpanningLines_fails() {
      assertThat(error("a: [1,\n  2]\n"))
          .isEqualTo(
              "test.yaml:1: unterminated flow collection: close '[' with ']' on the same line"
                  + " (flow collections cannot span lines)");
    }

    @Test
    void parse_commentInsideFlowMapping_endsItUnterminated() {
      assertThat(error("a: {b: 1 # c }\n"))
          .isEqualTo(
              "test.yaml:1: unterminated flow collection: close '{' with '}' on the same line"
                  + " (flow collections cannot span lines)");
    }

    @Test
    void parse_textAfterTheFlowCollection_fails() {
      assertThat(error("a: [1] 2\n"))
          .isEqualTo("test.yaml:1: unexpected text after ']': '2'; only a comment may follow it");
    }

    @Test
    void parse_emptyFlowItem_fails() {
      assertThat(error("a: [1, , 2]\n"))
          .isEqualTo("test.yaml:1: a flow sequence item is missing before ','");
    }

    @Test
    void parse_missingCommaInFlowSequence_fails() {
      assertThat(error("a: [\"x\" y]\n"))
          .isEqualTo("test.yaml:1: expected ',' or ']' in a flow sequence, got 'y'");
    }

    @Test
    void parse_pairInFlowSequence_fails() {
      assertThat(error("a: [b: c]\n"))
          .isEqualTo(
              "test.yaml:1: a flow sequence item cannot be a 'key: value' pair; quote it, or use"
                  + " a mapping");
    }

    @Test
    void parse_flowMappingKeyWithoutValue_fails() {
      assertThat(error("a: {b, c: 1}\n")).isEqualTo("test.yaml:1: missing ':' after key 'b'");
    }

    @Test
    void parse_duplicateKeyInFlowMapping_fails() {
      assertThat(error("\na: {b: 1, b: 2}\n"))
          .isEqualTo("test.yaml:2: duplicate key 'b' (first defined at line 2)");
    }
  }

  @Nested
  class Scalars {
    @Test
    void parse_plainScalar_isTrimmedAndKeepsHashesNotAfterSpace() {
      assertThat(parse("a:   x#1  y   # comment\n"))
          .isEqualTo(new YamlMapping(List.of(entry("a", 1, plain("x#1  y", 1))), 1));
    }

    @Test
    void parse_numbersAndBooleans_stayText() {
      YamlMapping mapping = (YamlMapping) parse("a: 8080\nb: \"8080\"\nc: true\nd: 1.2\n");

      assertThat(mapping.entries())
          .extracting(YamlMapping.Entry::value)
          .containsExactly(plain("8080", 1), quoted("8080", 2), plain("true", 3), plain("1.2", 4));
    }

    @Test
    void parse_doubleQuotedEscapes_areResolved() {
      YamlNode node =
          parse("a: \"q\\\" b\\\\ s\\/ n\\n t\\t r\\r z\\0 u\\u00e9\\u20AC # not a comment\"\n");

      assertThat(node)
          .isEqualTo(
              new YamlMapping(
                  List.of(
                      entry(
                          "a",
                          1,
                          quoted("q\" b\\ s/ n\n t\t r\r z\0 u\u00e9\u20ac # not a comment", 1))),
                  1));
    }

    @Test
    void parse_singleQuoted_doublesQuotesAndKeepsBackslashes() {
      assertThat(parse("a: 'it''s a \\n # x'\n"))
          .isEqualTo(new YamlMapping(List.of(entry("a", 1, quoted("it's a \\n # x", 1))), 1));
    }

    @Test
    void parse_emptyQuotedStrings_areNotNull() {
      YamlMapping mapping = (YamlMapping) parse("a: ''\nb: \"\"\n");

      assertThat(mapping.entries())
          .extracting(YamlMapping.Entry::value)
          .containsExactly(quoted("", 1), quoted("", 2));
    }

    @Test
    void parse_unsupportedEscape_failsListingTheSupportedOnes() {
      assertThat(error("a: \"\\x41\"\n"))
          .isEqualTo(
              "test.yaml:1: unsupported escape '\\x' in a double-quoted string; use \\\", \\\\,"
                  + " \\/, \\n, \\t, \\r, \\0 or \\uXXXX");
    }

    @Test
    void parse_shortUnicodeEscape_fails() {
      assertThat(error("a: \"\\u12\"\n"))
          .isEqualTo(
              "test.yaml:1: '\\u' must be followed by 4 hex digits in a double-quoted string");
    }

    @Test
    void parse_unterminatedDoubleQuote_fails() {
      assertThat(error("a: 1\nb: \"open\n  more\"\n"))
          .isEqualTo(
              "test.yaml:2: unterminated double-quoted string; close it with \" on the same line"
                  + " (strings cannot span lines)");
    }

    @Test
    void parse_unterminatedSingleQuote_fails() {
      assertThat(error("- 'it''s\n"))
          .isEqualTo(
              "test.yaml:1: unterminated single-quoted string; close it with ' on the same line"
                  + " (strings cannot span lines)");
    }

    @Test
    void parse_textAfterClosingQuote_fails() {
      assertThat(error("a: \"x\" y\n"))
          .isEqualTo(
              "test.yaml:1: unexpected text after the closing quote: 'y'; quote the whole value");
    }

    @Test
    void parse_literalBlockScalar_fails() {
      assertThat(error("a: |\n  text\n"))
          .isEqualTo(
              "test.yaml:1: block scalars (|, >) are not supported; write the value on one line,"
                  + " in double quotes with \\n for line breaks");
    }

    @Test
    void parse_foldedBlockScalar_fails() {
      assertThat(error("a: 1\nb: >-\n  text\n"))
          .isEqualTo(
              "test.yaml:2: block scalars (|, >) are not supported; write the value on one line,"
                  + " in double quotes with \\n for line breaks");
    }

    @Test
    void parse_tag_fails() {
      assertThat(error("a: 1\nb: !foo bar\n"))
          .isEqualTo(
              "test.yaml:2: tags (!) are not supported; quote the value if it starts with '!'");
    }

    @Test
    void parse_anchor_fails() {
      assertThat(error("a: 1\nb: 2\nc: 3\nd: &base 4\n"))
          .isEqualTo("test.yaml:4: anchors and aliases (&, *) are not supported");
    }

    @Test
    void parse_alias_fails() {
      assertThat(error("- *base\n"))
          .isEqualTo("test.yaml:1: anchors and aliases (&, *) are not supported");
    }

    @Test
    void parse_anchoredKey_fails() {
      assertThat(error("&a key: 1\n"))
          .isEqualTo("test.yaml:1: anchors and aliases (&, *) are not supported");
    }

    @Test
    void parse_reservedIndicator_failsAskingForQuotes() {
      assertThat(error("a: @home\n"))
          .isEqualTo("test.yaml:1: a plain value cannot start with '@'; quote it");
    }

    @Test
    void parse_multiLinePlainScalar_fails() {
      assertThat(error("a: first\n  second\n"))
          .isEqualTo(
              "test.yaml:2: multi-line plain scalars are not supported; put the whole value on one"
                  + " line");
    }

    @Test
    void parse_multiLinePlainScalarBelowItsKey_fails() {
      assertThat(error("a:\n  first\n  second\n"))
          .isEqualTo(
              "test.yaml:3: multi-line plain scalars are not supported; put the whole value on one"
                  + " line");
    }

    @Test
    void parse_multiLinePlainListItem_fails() {
      assertThat(error("- first\n  second\n"))
          .isEqualTo(
              "test.yaml:2: multi-line plain scalars are not supported; put the whole value on one"
                  + " line");
    }

    @Test
    void parse_multiLineRootScalar_fails() {
      assertThat(error("first\nsecond\n"))
          .isEqualTo(
              "test.yaml:2: multi-line plain scalars are not supported; put the whole value on one"
                  + " line");
    }
  }

  @Nested
  class Indentation {
    @Test
    void parse_tabIndentation_fails() {
      assertThat(error("a:\n\tb: 1\n"))
          .isEqualTo("test.yaml:2: tabs are not allowed for indentation; use spaces");
    }

    @Test
    void parse_spacesThenTabIndentation_fails() {
      assertThat(error("a:\n  \tb: 1\n"))
          .isEqualTo("test.yaml:2: tabs are not allowed for indentation; use spaces");
    }

    @Test
    void parse_dedentBetweenLevels_failsListingTheColumnsInUse() {
      assertThat(error("a:\n    b: 1\n  c: 2\n"))
          .isEqualTo(
              "test.yaml:3: inconsistent indentation: 2 spaces does not line up with any enclosing"
                  + " block (expected 0 or 4)");
    }

    @Test
    void parse_dedentBetweenThreeLevels_failsListingThem() {
      assertThat(error("a:\n  b:\n    c: 1\n   d: 2\n"))
          .isEqualTo(
              "test.yaml:4: inconsistent indentation: 3 spaces does not line up with any enclosing"
                  + " block (expected 0, 2 or 4)");
    }

    @Test
    void parse_dedentBelowAnIndentedRoot_fails() {
      assertThat(error("  a: 1\nb: 2\n"))
          .isEqualTo(
              "test.yaml:2: inconsistent indentation: 0 spaces does not line up with any enclosing"
                  + " block (expected 2)");
    }

    @Test
    void parse_listItemOutOfLine_fails() {
      assertThat(error("- a: 1\n - b: 2\n"))
          .isEqualTo(
              "test.yaml:2: inconsistent indentation: 1 spaces does not line up with any enclosing"
                  + " block (expected 0 or 2)");
    }

    @Test
    void parse_keyNestedUnderACompleteValue_fails() {
      assertThat(error("a:\n  b: 1\n    c: 2\n"))
          .isEqualTo(
              "test.yaml:3: unexpected indentation: line 2 already has a complete value, so"
                  + " nothing can be nested under it");
    }

    @Test
    void parse_lineNestedUnderAQuotedValue_fails() {
      assertThat(error("a: \"x\"\n  y\n"))
          .isEqualTo(
              "test.yaml:2: unexpected indentation: line 1 already has a complete value, so"
                  + " nothing can be nested under it");
    }

    @Test
    void parse_deepStructure_reportsTheLineOfEveryNode() {
      String text =
          """
          # conveyor
          run:
            command:
              - java

              - -jar   # the jar follows
            env:
              A: "1"
          steps:
            - name: one
              checks: [a, b]
            -
              name: two
          """;
      YamlMapping root = (YamlMapping) parse(text);

      YamlMapping run = (YamlMapping) root.get("run").orElseThrow();
      YamlSequence command = (YamlSequence) run.get("command").orElseThrow();
      YamlMapping env = (YamlMapping) run.get("env").orElseThrow();
      YamlSequence steps = (YamlSequence) root.get("steps").orElseThrow();
      YamlMapping first = (YamlMapping) steps.items().get(0);
      YamlMapping second = (YamlMapping) steps.items().get(1);
      assertThat(root.line()).isEqualTo(2);
      assertThat(run.line()).isEqualTo(3);
      assertThat(command.items()).containsExactly(plain("java", 4), plain("-jar", 6));
      assertThat(env.entries()).containsExactly(entry("A", 8, quoted("1", 8)));
      assertThat(steps.line()).isEqualTo(10);
      assertThat(first.get("checks"))
          .contains(new YamlSequence(List.of(plain("a", 11), plain("b", 11)), 11));
      assertThat(second.entries()).containsExactly(entry("name", 13, plain("two", 13)));
    }
  }

  @Nested
  class Limits {
    private static String nestedMappings(int levels) {
      StringBuilder text = new StringBuilder();
      for (int level = 0; level < levels - 1; level++) {
        text.append("  ".repeat(level)).append("k:\n");
      }
      return text.append("  ".repeat(levels - 1)).append("leaf: 1\n").toString();
    }

    @Test
    void parse_64NestedMappings_isAllowed() {
      assertThat(parse(nestedMappings(64))).isInstanceOf(YamlMapping.class);
    }

    @Test
    void parse_65NestedMappings_fails() {
      assertThat(error(nestedMappings(65)))
          .isEqualTo("test.yaml:65: nesting deeper than 64 levels is not supported");
    }

    @Test
    void parse_flowCollectionAtLevel65_fails() {
      assertThat(error(nestedMappings(64).replace("leaf: 1", "leaf: [1]")))
          .isEqualTo("test.yaml:64: nesting deeper than 64 levels is not supported");
    }

    @Test
    void parse_64CompactSequences_isAllowed() {
      assertThat(parse("- ".repeat(64) + "x")).isInstanceOf(YamlSequence.class);
    }

    @Test
    void parse_hostilelyDeepCompactSequences_failWithoutOverflowingTheStack() {
      assertThat(error("- ".repeat(400_000) + "x"))
          .isEqualTo("test.yaml:1: nesting deeper than 64 levels is not supported");
    }

    @Test
    void parse_documentOfExactly1MiB_isAllowed() {
      assertThat(parse("a: " + "x".repeat(Yaml.MAX_BYTES - 3))).isInstanceOf(YamlMapping.class);
    }

    @Test
    void parse_documentOver1MiB_fails() {
      assertThat(error("a: " + "x".repeat(Yaml.MAX_BYTES - 2)))
          .isEqualTo(
              "test.yaml:1: the document is 1048577 bytes, more than the 1 MiB (1048576 bytes)"
                  + " allowed");
    }

    @Test
    void parse_sizeIsCountedInUtf8Bytes() {
      // 2 bytes each in UTF-8: fewer than 1 MiB characters, more than 1 MiB bytes.
      assertThat(error("\u00e9".repeat(Yaml.MAX_BYTES / 2 + 1)))
          .isEqualTo(
              "test.yaml:1: the document is 1048578 bytes, more than the 1 MiB (1048576 bytes)"
                  + " allowed");
    }

    @Test
    void parse_longValuesInMessages_areShortened() {
      String key = "k".repeat(100);

      assertThat(error(key + ": 1\n" + key + ": 2\n"))
          .isEqualTo(
              "test.yaml:2: duplicate key '"
                  + "k".repeat(Snippet.MAX_LENGTH)
                  + "...' (first defined at line 1)");
    }
  }

  @Nested
  class Robustness {
    private static final String ALPHABET = " \t\n\r-:#[]{},'\"\\&*!|>%@`?~0aZ.é\u0000\uD800";
    private static final String SEED =
        """
        ---
        service: checkout # c
        version: "v1"
        run:
          command: [java, -jar, 'shop.jar']
          env: {A: "1", B: x}
          list:
          - a
          - b: 1
            c: ~
          -
            - x
            - 'y''z'
          q: "\\u0041\\n"
        """;

    @Test
    void parse_randomlyMutatedDocuments_onlyEverThrowConfigException() {
      Random random = new Random(20261122);
      int parsed = 0;
      int refused = 0;
      for (int i = 0; i < 5000; i++) {
        String text = mutate(random);
        try {
          Yaml.parse(text, FILE);
          parsed++;
        } catch (ConfigException e) {
          assertThat(e.getMessage()).startsWith(FILE + ":" + e.line() + ": ");
          assertThat(e.line()).isPositive();
          refused++;
        } catch (RuntimeException e) {
          throw new AssertionError("unexpected exception for input: " + Snippet.quoted(text), e);
        }
      }
      // Both outcomes occur, or the mutations would not be exercising the parser.
      assertThat(parsed).isGreaterThan(100);
      assertThat(refused).isGreaterThan(100);
    }

    private static String mutate(Random random) {
      StringBuilder text = new StringBuilder(random.nextBoolean() ? SEED : "");
      int mutations = 1 + random.nextInt(8);
      for (int m = 0; m < mutations; m++) {
        int at = random.nextInt(text.length() + 1);
        switch (random.nextInt(4)) {
          case 0 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(3)));
          case 2 -> text.setLength(at);
          default -> {
            int other = random.nextInt(text.length() + 1);
            text.insert(at, text.substring(Math.min(at, other), Math.max(at, other)));
          }
        }
      }
      return text.toString();
    }
  }
}
