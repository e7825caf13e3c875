package org.hrnetbeam.trainstage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.train.RunSettings;
import org.hrnetbeam.train.TrainingRun;

/**
 * The training stage: a {@link TrainingRun} (resume, per-epoch validation, checkpoint, best and
 * final, logs) whose epochs are Beam pipelines of W workers ({@link BeamEpochs}), W =
 * PIPELINE.TRAIN_WORKERS or len(GPUS), averaging every PIPELINE.AVERAGING_FREQUENCY iterations.
 * What {@code hrnet train}, {@code hrnet run} and {@code hrnet demo} call.
 */
public final class TrainStage {
  /** The work folder of the epochs' round states, under the output folder. */
  public static final String WORK_DIR = "train-rounds";

  private TrainStage() {
  }

  /**
   * Trains {@code config} on its shards (PIPELINE.SHARD_DIR, or &lt;output dir&gt;/shards) into its
   * output folder. DirectRunner's immutability and encodability checks are switched off on
   * {@code options}: they would encode every multi-megabyte state several times per round, and
   * the stage's DoFns never mutate their inputs.
   *
   * @throws MissingShardsException when the shards' manifest is absent, naming it
   */
  public static TrainOutcome run(ExperimentConfig config, long seed, PipelineOptions options, PrintStream console)
      throws IOException {
    DirectOptions direct = options.as(DirectOptions.class);
    direct.setEnforceImmutability(false);
    direct.setEnforceEncodability(false);
    return run(config, seed, options, console, true);
  }

  /**
   * {@link #run(ExperimentConfig, long, PipelineOptions, PrintStream)} with the options as given
   * (for a caller that asked for DirectRunner's checks).
   */
  public static TrainOutcome runAsGiven(ExperimentConfig config, long seed, PipelineOptions options,
      PrintStream console) throws IOException {
    return run(config, seed, options, console, true);
  }

  /** @param keepReplicas false rebuilds every worker's replica every round (tests the rebuild path) */
  static TrainOutcome run(ExperimentConfig config, long seed, PipelineOptions options, PrintStream console,
      boolean keepReplicas) throws IOException {
    String shardDir = shardDir(config);
    ShardManifest manifest = manifest(shardDir);
    int workers = Schedule.workers(config);
    RunSettings settings = RunSettings.from(config, manifest, seed);
    long extra = config.getInt("TRAIN.EXTRA_EPOCH") > 0 ? manifest.samples("extra") : 0;
    Schedule schedule = Schedule.from(config, manifest.samples("train"), extra);
    Path out = Storage.path(config.outputDir());
    String workDir = Storage.location(out.resolve(WORK_DIR));
    BeamEpochs epochs = new BeamEpochs(config, seed, shardDir, workDir, workers, options, console, keepReplicas);
    console.println("=> training " + config.name() + ": " + workers + " worker(s), " + schedule + ", averaging every "
        + config.getInt("PIPELINE.AVERAGING_FREQUENCY") + " iterations, runner "
        + options.getRunner().getSimpleName());
    TrainingRun run = new TrainingRun(settings, schedule, manifest, out, console, epochs);
    run.run();
    return new TrainOutcome(out, out.resolve("best"), out.resolve("final"), run.bestMeanIou());
  }

  /** PIPELINE.SHARD_DIR, or &lt;output dir&gt;/shards, as prepare writes them. */
  public static String shardDir(ExperimentConfig config) {
    String dir = config.getString("PIPELINE.SHARD_DIR");
    return dir.isBlank() ? config.outputDir() + "/shards" : dir;
  }

  private static ShardManifest manifest(String shardDir) throws IOException {
    Path manifest = Storage.path(shardDir).resolve("manifest.json");
    if (!Files.exists(manifest)) {
      throw new MissingShardsException("no shards to train on: " + Storage.location(manifest)
          + " does not exist; run `hrnet prepare` with the same config first");
    }
    return ShardManifest.read(Storage.path(shardDir));
  }
}
