package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.json.Json;
import dev.conveyor.core.verify.Assessment;
import java.io.PrintWriter;

/**
 * Prints a verification's stored evidence readably: one line per judge, with its counts, its
 * statistic and the thresholds, as the core's own {@link Assessment} words it.
 */
final class Evidence {
  private Evidence() {}

  static void print(JsonNode evidence, PrintWriter out, String indent) {
    try {
      Assessment assessment = Assessment.fromJson(Json.parseObject(evidence.toString()));
      for (dev.conveyor.core.verify.Evidence judge : assessment.evidence()) {
        out.println(indent + judge.outcome().label() + "  " + judge.summary());
      }
    } catch (InvalidInputException e) {
      out.println(indent + evidence);
    }
  }
}
