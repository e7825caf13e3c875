package org.hrnetbeam.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.hrnetbeam.config.ConfigException;
import org.hrnetbeam.prepare.OptionsWarmUp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code hrnet} command: one sub-command per stage, each with {@code --help}.
 *
 * <p>{@link #main} only parses and exits; {@link #execute} returns the exit code so tests can
 * drive the command line in-process.
 */
@Command(name = "hrnet", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Train and evaluate HRNet semantic-segmentation models as an Apache Beam batch pipeline.",
        "Configs are the reference's experiment YAMLs; see README.md."},
    subcommands = {
        ConfigCommand.class,
        PrepareCommand.class,
        TrainCommand.class,
        EvaluateCommand.class,
        RunCommand.class,
        DemoCommand.class,
        InferCommand.class,
        ImportWeightsCommand.class,
        ExportWeightsCommand.class},
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad command line or config."})
public final class HrnetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("prepare")) {
      // Beam's options registry builds on the second core while picocli and the config load run.
      OptionsWarmUp.start(Arrays.asList(args));
    }
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new HrnetCommand());
    cli.setExpandAtFiles(false);
    cli.setUnmatchedOptionsArePositionalParams(true);
    cli.setExitCodeExceptionMapper(HrnetCommand::exitCode);
    cli.setExecutionExceptionHandler(HrnetCommand::reportFailure);
    return cli.execute(args);
  }

  /** Without a sub-command: print the usage, as a usage error. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("Missing a sub-command.");
    spec.commandLine().usage(err);
    return ExitCodes.USAGE;
  }

  private static int exitCode(Throwable t) {
    boolean usage = t instanceof ConfigException || t instanceof UsageException
        || t instanceof CommandLine.ParameterException;
    return usage ? ExitCodes.USAGE : ExitCodes.FAILED;
  }

  private static int reportFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    String prefix = "hrnet " + cli.getCommandName() + ": ";
    if (e instanceof ConfigException || e instanceof UsageException) {
      err.println(prefix + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    err.println(prefix + "failed: " + describe(e));
    if (System.getenv("HRNET_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("(set HRNET_DEBUG=1 for the stack trace)");
    }
    err.flush();
    return ExitCodes.FAILED;
  }

  private static String describe(Throwable e) {
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    return message.toString();
  }
}
