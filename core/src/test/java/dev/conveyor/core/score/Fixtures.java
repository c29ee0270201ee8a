package dev.conveyor.core.score;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Report fixtures under {@code src/test/resources/score/}, read as text the way callers pass it.
 */
final class Fixtures {
  /** A classic XXE payload: an external entity reading a local file into the document. */
  static final String XXE =
      """
      <?xml version="1.0"?>
      <!DOCTYPE testsuite [
        <!ENTITY xxe SYSTEM "file:///etc/passwd">
      ]>
      <testsuite name="&xxe;"/>
      """;

  private Fixtures() {}

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/score/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
