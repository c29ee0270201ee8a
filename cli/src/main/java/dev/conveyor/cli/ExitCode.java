package dev.conveyor.cli;

/** The CLI's exit codes; docs/CLI.md lists them for scripts. */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The command ran, and the answer is "no" (e.g. the history's hash chain is broken). */
  public static final int NEGATIVE = 1;

  /** The command line was wrong (unknown option, missing argument, bad value). */
  public static final int USAGE = 2;

  /** No server answered. */
  public static final int UNREACHABLE = 3;

  /** The server refused the request (a 4xx: invalid input, not found, conflict). */
  public static final int REFUSED = 4;

  /** The server failed (a 5xx: storage unavailable, internal error), or the CLI itself did. */
  public static final int FAILED = 5;

  private ExitCode() {}
}
