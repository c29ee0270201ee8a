package dev.conveyor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/** Prints a verification's evidence readably: one line per judge, with its numbers. */
final class Evidence {
  private Evidence() {}

  static void print(JsonNode evidence, PrintWriter out, String indent) {
    JsonNode judges = evidence.get("judges");
    if (judges == null || !judges.isArray()) {
      out.println(indent + evidence);
      return;
    }
    for (JsonNode judge : judges) {
      String summary =
          judge.hasNonNull("summary") ? judge.get("summary").asText() : judge.toString();
      out.println(indent + summary);
    }
  }
}
