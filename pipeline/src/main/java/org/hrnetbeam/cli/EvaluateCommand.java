package org.hrnetbeam.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hrnet evaluate}: Compute mIoU of a model on the validation set (a distributed Beam stage). */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Compute mIoU of a model on the validation set (a distributed Beam stage).")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() {
    return NotBuiltYet.report("evaluate", "the evaluation stage");
  }
}
