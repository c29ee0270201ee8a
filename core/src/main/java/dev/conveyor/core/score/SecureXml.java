package dev.conveyor.core.score;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DeclHandler;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Parses report XML with the JDK's own SAX parser, safely: no external DTD is loaded, no entity may
 * be declared, nothing is fetched from a file or the network (XXE), and nesting is bounded.
 *
 * <p>A DOCTYPE itself is allowed, because real JaCoCo reports carry one ({@code <!DOCTYPE report
 * PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">}); it is never read. An entity declaration
 * is refused as soon as the parser meets it, before it could be used.
 */
final class SecureXml {
  /** Real reports nest a handful of levels (JaCoCo: report, package, class, method, counter). */
  static final int MAX_DEPTH = 64;

  private SecureXml() {}

  /**
   * The root element of {@code text}, which must be one of {@code roots}; else a {@link
   * ReportException} saying that this is not {@code kind} and where such a report comes from.
   */
  static XmlElement parseReport(
      String text, String name, String kind, String whereFrom, String... roots) {
    XmlElement root = parse(text, name);
    if (!java.util.Arrays.asList(roots).contains(root.name())) {
      throw new ReportException(
          name,
          root.line(),
          root.column(),
          "the root element is <"
              + root.name()
              + ">, expected "
              + String.join(" or ", java.util.Arrays.stream(roots).map(r -> "<" + r + ">").toList())
              + ": this is not "
              + kind
              + " ("
              + whereFrom
              + ")");
    }
    return root;
  }

  /** The root element of {@code text}, or a {@link ReportException} naming {@code name}. */
  static XmlElement parse(String text, String name) {
    Handler handler = new Handler(name);
    try {
      XMLReader reader = newParser().getXMLReader();
      reader.setContentHandler(handler);
      reader.setErrorHandler(handler);
      reader.setEntityResolver(handler);
      reader.setProperty("http://xml.org/sax/properties/declaration-handler", handler);
      try {
        // Parser messages in English whatever the machine's locale, so that errors read the same.
        reader.setProperty("http://apache.org/xml/properties/locale", Locale.ROOT);
      } catch (SAXNotRecognizedException | SAXNotSupportedException e) {
        // An older parser without the property: its messages follow the default locale.
      }
      reader.parse(new InputSource(new StringReader(text)));
    } catch (Refused e) {
      throw e.report;
    } catch (SAXParseException e) {
      throw new ReportException(
          name, e.getLineNumber(), e.getColumnNumber(), "malformed XML: " + e.getMessage());
    } catch (SAXException e) {
      if (e.getException() instanceof Refused refused) {
        throw refused.report;
      }
      throw new ReportException(name, "malformed XML: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
    return handler.root;
  }

  private static SAXParser newParser() throws SAXException {
    // The JDK's built-in parser, whatever else is on the class path: its settings below are known.
    SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
    factory.setNamespaceAware(false);
    factory.setValidating(false);
    factory.setXIncludeAware(false);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      SAXParser parser = factory.newSAXParser();
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      return parser;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser refuses a safety setting", e);
    }
  }

  /** Our own refusal, carried through the parser unchanged. */
  private static final class Refused extends SAXException {
    private static final long serialVersionUID = 1L;
    private final transient ReportException report;

    Refused(ReportException report) {
      super(report.getMessage());
      this.report = report;
    }
  }

  /** Builds the element tree and refuses entities, external resources and deep nesting. */
  private static final class Handler extends DefaultHandler implements DeclHandler {
    private final String name;
    private final Deque<Building> open = new ArrayDeque<>();
    private Locator locator;
    private XmlElement root;

    Handler(String name) {
      this.name = name;
    }

    private Refused refuse(String detail) {
      int line = locator == null ? 0 : locator.getLineNumber();
      int column = locator == null ? 0 : locator.getColumnNumber();
      return new Refused(new ReportException(name, line, column, detail));
    }

    @Override
    public void setDocumentLocator(Locator locator) {
      this.locator = locator;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes)
        throws SAXException {
      if (open.size() >= MAX_DEPTH) {
        throw refuse("elements nest deeper than " + MAX_DEPTH + " levels; no real report does");
      }
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < attributes.getLength(); i++) {
        values.put(attributes.getQName(i), attributes.getValue(i));
      }
      open.push(new Building(qName, values, locator.getLineNumber(), locator.getColumnNumber()));
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      Building done = open.pop();
      XmlElement element =
          new XmlElement(done.name, done.attributes, done.children, done.line, done.column);
      if (open.isEmpty()) {
        root = element;
      } else {
        open.peek().children.add(element);
      }
    }

    @Override
    public InputSource resolveEntity(String publicId, String systemId) throws SAXException {
      throw refuse(
          "the report refers to the external resource '"
              + systemId
              + "'; reports must be self-contained, so nothing outside them is read");
    }

    @Override
    public void internalEntityDecl(String entity, String value) throws SAXException {
      throw entity(entity);
    }

    @Override
    public void externalEntityDecl(String entity, String publicId, String systemId)
        throws SAXException {
      throw entity(entity);
    }

    private Refused entity(String entity) {
      return refuse(
          "the report declares the entity '"
              + entity
              + "'; entity declarations are refused because they can read local files or"
              + " expand without bound (XXE); no real report declares one");
    }

    @Override
    public void elementDecl(String element, String model) {}

    @Override
    public void attributeDecl(
        String element, String attribute, String type, String mode, String value) {}

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void warning(SAXParseException e) {
      // Warnings (e.g. about an unused DOCTYPE) change nothing in what is read.
    }
  }

  private record Building(
      String name,
      Map<String, String> attributes,
      List<XmlElement> children,
      int line,
      int column) {
    Building(String name, Map<String, String> attributes, int line, int column) {
      this(name, attributes, new ArrayList<>(), line, column);
    }
  }
}
