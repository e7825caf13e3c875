package org.hrnetbeam.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hrnet prepare}: Ingest, remap, augment and shard a dataset into TFRecord files (one Beam pipeline). */
@Command(name = "prepare", mixinStandardHelpOptions = true, description = "Ingest, remap, augment and shard a dataset into TFRecord files (one Beam pipeline).")
final class PrepareCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() {
    return NotBuiltYet.report("prepare", "the prepare stage");
  }
}
