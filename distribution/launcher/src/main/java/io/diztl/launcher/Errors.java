package io.diztl.launcher;

import io.diztl.api.DiztlException;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Reports every failure as one line {@code diztl: MESSAGE} on stderr: exit 2 for wrong usage, 1 for
 * a failure while running. The stack trace only with {@code --verbose}.
 */
final class Errors implements IParameterExceptionHandler, IExecutionExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println(
        "diztl: "
            + oneLine(ex.getMessage())
            + " (try '"
            + cli.getCommandSpec().qualifiedName()
            + " --help')");
    if (verbose(cli)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return cli.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    err.println("diztl: " + describe(ex));
    if (verbose(cli)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return cli.getCommandSpec().exitCodeOnExecutionException();
  }

  /** The user-facing message of a failure, on one line. */
  static String describe(Throwable failure) {
    return oneLine(
        switch (failure) {
          case DiztlException e when e.getMessage() != null -> e.getMessage();
          case StatusRuntimeException e ->
              e.getStatus().getDescription() != null
                  ? e.getStatus().getDescription()
                  : "the node answered "
                      + e.getStatus().getCode().name().toLowerCase(Locale.ROOT).replace('_', ' ');
          case UncheckedIOException e -> describe(e.getCause());
          case IOException e -> e.getClass().getSimpleName() + ": " + e.getMessage();
          default -> "unexpected error: " + failure + " (run with --verbose for details)";
        });
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static boolean verbose(CommandLine cli) {
    return cli.getCommandSpec().root().userObject() instanceof DiztlCommand root && root.verbose;
  }
}
