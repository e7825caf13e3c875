package org.hrnetbeam.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hrnet run}: runs every stage in order: prepare, train, evaluate, publish. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run every stage in order: prepare, train, evaluate, publish.")
final class RunCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() {
    return NotBuiltYet.report("run", " prepare, train, evaluate, publish.:the evaluation and publish stage");
  }
}
