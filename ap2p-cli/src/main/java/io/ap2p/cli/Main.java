package io.ap2p.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code ap2p} command. */
public final class Main {

  private Main() {}

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = run(System.in, out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command with {@code args}, reading {@code in} and writing to {@code out} and {@code
   * err}; returns the exit code.
   */
  public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
    return commandLine(in, out, err).execute(args);
  }

  /** The configured command line. */
  public static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Ap2pCommand(in));
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter e = commandLine.getErr();
          if (ex instanceof CliFailure) {
            e.println("ap2p: " + ex.getMessage());
          } else {
            e.println("ap2p: internal error: " + ex);
            if (System.getenv("AP2P_DEBUG") != null) {
              ex.printStackTrace(e);
            } else {
              e.println("(set AP2P_DEBUG=1 to see the stack trace)");
            }
          }
          e.flush();
          return ExitCodes.REJECTED;
        });
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          PrintWriter e = c.getErr();
          e.println("ap2p: " + ex.getMessage());
          e.println(
              "Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
          e.flush();
          return ExitCodes.USAGE;
        });
    return cli;
  }
}
