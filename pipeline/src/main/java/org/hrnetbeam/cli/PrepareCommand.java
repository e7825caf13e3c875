package org.hrnetbeam.cli;

import java.util.concurrent.Callable;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.prepare.OptionsWarmUp;
import org.hrnetbeam.prepare.PrepareOutcome;
import org.hrnetbeam.prepare.PreparePipeline;
import org.hrnetbeam.prepare.PrepareSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hrnet prepare}: one Beam pipeline from a labelled dataset to TFRecord shards,
 * manifest.json and deadletter.jsonl; prints a summary line. Exit code 1 when every sample was
 * rejected, or with {@code --strict} when any was.
 */
@Command(name = "prepare", mixinStandardHelpOptions = true,
    description = {"Ingest, remap, augment and shard a dataset into TFRecord files (one Beam pipeline).",
        "Writes <shard dir>/{train,val,extra}-SSSSS-of-NNNNN.tfrecord, manifest.json, deadletter.jsonl."})
final class PrepareCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Option(names = "--strict", description = "exit with 1 if any sample was rejected (default: only if all were)")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    ExperimentConfig cfg = stage.config();
    PrepareSettings settings;
    try {
      settings = PrepareSettings.from(cfg, stage.seed());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    stage.writeResolvedConfig();
    PrepareOutcome outcome = PreparePipeline.run(settings, cfg, withoutDirectRunnerCopies(stage, PREPARE_THREADS));
    System.out.println(outcome.summary() + "; shards in " + settings.shardDir());
    return outcome.exitCode(strict) == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** Prepare keeps every core busy: its work units are independent groups of samples. */
  static final int PREPARE_THREADS = Runtime.getRuntime().availableProcessors();

  /**
   * DirectRunner's immutability and encodability checks encode every multi-megabyte image several
   * times per step (about a third of the stage's CPU); the prepare DoFns never mutate their
   * inputs (the tests run with the checks on), so they are off here unless asked for.
   */
  static PipelineOptions withoutDirectRunnerCopies(StageOptions stage, int busyDoFns) {
    PipelineOptions options = parsed(stage, busyDoFns);
    boolean asked = stage.beamArgs().stream().anyMatch(a -> a.startsWith("--enforceImmutability")
        || a.startsWith("--enforceEncodability"));
    if (!asked) {
      DirectOptions direct = options.as(DirectOptions.class);
      direct.setEnforceImmutability(false);
      direct.setEnforceEncodability(false);
    }
    return options;
  }

  /**
   * The Beam options; when they do not parse against the registry the start-up built from some
   * registrars ({@link OptionsWarmUp}), once more against all of them, so the same options are
   * accepted as without the warm-up.
   */
  private static PipelineOptions parsed(StageOptions stage, int busyDoFns) {
    try {
      return stage.pipelineOptions(busyDoFns);
    } catch (UsageException e) {
      if (!OptionsWarmUp.registerAll()) {
        throw e;
      }
      return stage.pipelineOptions(busyDoFns);
    }
  }
}
