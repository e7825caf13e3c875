package org.hrnetbeam.cli;

import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.trainstage.MissingShardsException;
import org.hrnetbeam.trainstage.TrainOutcome;
import org.hrnetbeam.trainstage.TrainStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code hrnet train}: trains from the shards that {@code prepare} wrote, each epoch a Beam
 * pipeline of W workers that average every PIPELINE.AVERAGING_FREQUENCY iterations; prints where
 * the checkpoint, best and final models and train_log.jsonl are. Exit 2 when the shards are
 * missing.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train HRNet from the shards that prepare wrote (a Beam stage of W workers with parameter averaging).",
        "W = PIPELINE.TRAIN_WORKERS, or len(GPUS); TRAIN.RESUME true continues from <output dir>/checkpoint."})
final class TrainCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Override
  public Integer call() throws Exception {
    ExperimentConfig cfg = stage.config();
    PipelineOptions options = stage.trainingOptions(Schedule.workers(cfg));
    boolean checksAsked = stage.beamArgs().stream().anyMatch(a -> a.startsWith("--enforceImmutability")
        || a.startsWith("--enforceEncodability"));
    stage.writeResolvedConfig();
    TrainOutcome outcome;
    try {
      outcome = checksAsked ? TrainStage.runAsGiven(cfg, stage.seed(), options, System.out)
          : TrainStage.run(cfg, stage.seed(), options, System.out);
    } catch (MissingShardsException e) {
      throw new UsageException(e.getMessage());
    }
    System.out.println("checkpoint: " + Storage.location(outcome.outputDir().resolve("checkpoint")));
    System.out.println("best:       " + Storage.location(outcome.best()) + String.format(java.util.Locale.ROOT,
        " (validation mIoU %.4f)", outcome.bestMeanIou()));
    System.out.println("final:      " + Storage.location(outcome.finalModel()));
    System.out.println("log:        " + Storage.location(outcome.outputDir().resolve("train_log.jsonl")));
    return ExitCodes.OK;
  }
}
