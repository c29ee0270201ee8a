package dev.conveyor.cli;

import dev.conveyor.core.ConflictException;
import dev.conveyor.core.ConveyorException;
import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.NotFoundException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The {@code conveyor} command. Failures print one line prefixed {@code conveyor:} (with the stack
 * trace only under {@code --debug}) and end with an exit code from {@link ExitCode}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with these streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    CommandLine cli = new CommandLine(new ConveyorCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(Main::exitCode);
    cli.setParameterExceptionHandler(
        (e, ignored) -> {
          err.println("conveyor: " + e.getMessage());
          err.println("see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
          err.flush();
          return ExitCode.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          boolean expected = e instanceof CliException || e instanceof ConveyorException;
          err.println(
              "conveyor: "
                  + (expected
                      ? e.getMessage()
                      : "unexpected failure: " + e + (debug ? "" : " (add --debug for details)")));
          if (debug) {
            e.printStackTrace(err);
          }
          err.flush();
          return exitCode(e);
        });
    return cli.execute(rest);
  }

  private static int exitCode(Throwable e) {
    return switch (e) {
      case CliException c -> c.exitCode();
      case InvalidInputException i -> ExitCode.USAGE;
      case NotFoundException n -> ExitCode.REFUSED;
      case ConflictException c -> ExitCode.REFUSED;
      case ConveyorException c -> ExitCode.FAILED;
      default -> ExitCode.FAILED;
    };
  }
}
