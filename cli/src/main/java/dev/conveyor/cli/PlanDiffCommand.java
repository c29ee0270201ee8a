package dev.conveyor.cli;

import dev.conveyor.core.plan.Plan;
import dev.conveyor.core.plan.PlanYaml;
import dev.conveyor.core.plan.Step;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code conveyor plan diff A B}: how two plans differ, step by step (no server needed). */
@Command(
    name = "diff",
    description = "Compare two plan files step by step.",
    mixinStandardHelpOptions = true)
public final class PlanDiffCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A")
  Path a;

  @Parameters(index = "1", paramLabel = "B")
  Path b;

  @Override
  public Integer call() {
    Plan left = PlanYaml.read(PlanOptions.read(a), a.getFileName().toString());
    Plan right = PlanYaml.read(PlanOptions.read(b), b.getFileName().toString());
    List<String> x = describe(left);
    List<String> y = describe(right);
    PrintWriter out = spec.commandLine().getOut();
    List<String> lines = diff(x, y);
    if (lines.stream().noneMatch(l -> l.startsWith("-") || l.startsWith("+"))) {
      out.println("the plans have the same steps");
      out.flush();
      return ExitCode.OK;
    }
    lines.forEach(out::println);
    out.flush();
    return ExitCode.NEGATIVE;
  }

  private static List<String> describe(Plan plan) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "fleet "
            + plan.fleet()
            + ", artifact "
            + plan.artifact().shortForm()
            + ", "
            + plan.strategy());
    for (Step step : plan.steps()) {
      lines.add(step.describe());
    }
    return lines;
  }

  /** A line diff by longest common subsequence: " " same, "- " only in A, "+ " only in B. */
  static List<String> diff(List<String> x, List<String> y) {
    int[][] lcs = new int[x.size() + 1][y.size() + 1];
    for (int i = x.size() - 1; i >= 0; i--) {
      for (int j = y.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            x.get(i).equals(y.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < x.size() && j < y.size()) {
      if (x.get(i).equals(y.get(j))) {
        out.add("  " + x.get(i++));
        j++;
      } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
        out.add("- " + x.get(i++));
      } else {
        out.add("+ " + y.get(j++));
      }
    }
    while (i < x.size()) {
      out.add("- " + x.get(i++));
    }
    while (j < y.size()) {
      out.add("+ " + y.get(j++));
    }
    return out;
  }
}
