package org.hrnetbeam.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hrnet train}: Train HRNet from the shards that prepare wrote (a stateful Beam stage). */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train HRNet from the shards that prepare wrote (a stateful Beam stage).")
final class TrainCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() {
    return NotBuiltYet.report("train", "the training stage");
  }
}
