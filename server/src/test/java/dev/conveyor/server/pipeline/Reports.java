package dev.conveyor.server.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The core's report fixtures ({@code core/src/test/resources/score/}), as a submission sends them.
 */
public final class Reports {
  /** A build that passes the default dev gate: all tests pass, reviewed, covered, little lint. */
  public static final String[] GOOD = {
    "TEST-dev.conveyor.core.fleet.NamesTests.xml",
    "jacoco.xml",
    "checkstyle-result.xml",
    "git-log-reviewed.txt"
  };

  private Reports() {}

  /** The named fixtures, file name → text. */
  public static Map<String, String> of(String... names) {
    Map<String, String> reports = new LinkedHashMap<>();
    for (String name : names) {
      reports.put(name, text(name));
    }
    return reports;
  }

  public static String text(String name) {
    try (InputStream in = Reports.class.getResourceAsStream("/score/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
