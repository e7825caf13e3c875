package org.hrnetbeam.train;

import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.DataSettings;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.loss.LossSettings;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.schedule.ParameterGroups;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.trainlog.TensorBoardDir;

/**
 * Everything a single-process {@link TrainingRun} reads from the config, as typed values.
 *
 * @param spec the network (MODEL.*)
 * @param pretrained MODEL.PRETRAINED ('' for none): weights the first epoch starts from
 * @param loss the criterion (LOSS.*, PIPELINE.CLASS_WEIGHTS)
 * @param sgd TRAIN.MOMENTUM / WD / NESTEROV
 * @param groups TRAIN.NONBACKBONE_KEYWORDS / NONBACKBONE_MULT
 * @param trainData how the training split is read (batch, shuffle, prefetch)
 * @param validationData how the val split is read
 * @param printFreq PRINT_FREQ: a log line every N iterations
 * @param valEvery PIPELINE.VAL_EVERY: validate after every N-th epoch (and after the last)
 * @param resume TRAIN.RESUME: continue from the output directory's checkpoint when present
 * @param seed the run's seed (initialisation and data order)
 * @param configHash sha-256 of the resolved config
 * @param workers data-parallel workers the schedule counts (PIPELINE.TRAIN_WORKERS, or len(GPUS))
 * @param tensorboardDir where this run's event file goes ({@code TensorBoardDir.of}: under LOG_DIR, or the
 *     output directory's tensorboard/ when LOG_DIR is empty)
 * @param checkpointEveryIterations iterations between mid-epoch checkpoints:
 *     PIPELINE.AVERAGING_FREQUENCY × PIPELINE.CHECKPOINT_EVERY_ROUNDS (0: at epoch ends only)
 * @param stepEngine what computes each step's gradients: PIPELINE.TRAIN_STEP
 */
public record RunSettings(HrnetSpec spec, String pretrained, LossSettings loss, SgdSettings sgd,
    ParameterGroups groups, DataSettings trainData, DataSettings validationData, int printFreq, int valEvery,
    boolean resume, long seed, String configHash, int workers, String tensorboardDir,
    int checkpointEveryIterations, StepEngine stepEngine) {

  public static RunSettings from(ExperimentConfig config, ShardManifest manifest, long seed) {
    return new RunSettings(HrnetSpec.from(config), config.getString("MODEL.PRETRAINED"),
        LossSettings.from(config, manifest), SgdSettings.from(config), ParameterGroups.from(config),
        DataSettings.training(config, seed), DataSettings.validation(config), config.getInt("PRINT_FREQ"),
        config.getInt("PIPELINE.VAL_EVERY"), config.getBoolean("TRAIN.RESUME"), seed, config.hash(),
        Schedule.workers(config), TensorBoardDir.of(config, java.time.Instant.now()),
        Math.multiplyExact(config.getInt("PIPELINE.AVERAGING_FREQUENCY"),
            config.getInt("PIPELINE.CHECKPOINT_EVERY_ROUNDS")), StepEngine.from(config));
  }
}
