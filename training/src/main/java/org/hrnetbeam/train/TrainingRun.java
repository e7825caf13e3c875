package org.hrnetbeam.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.LoadReport;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.model.StateDictBinding;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.trainlog.JsonlLog;
import org.hrnetbeam.trainlog.ProgressTracker;
import org.hrnetbeam.trainlog.TrainLog;
import org.hrnetbeam.weights.WeightFiles;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * A training run: epochs × iterations from the {@link Schedule}, each epoch trained by an
 * {@link EpochTrainer} (by default {@link InProcessEpochs}: one worker in this process; the Beam
 * stage plugs in its pipeline of workers), a log line every PRINT_FREQ iterations, validation every PIPELINE.VAL_EVERY
 * epochs, and an atomic {@code checkpoint} after every epoch and, inside an epoch, after every
 * PIPELINE.CHECKPOINT_EVERY_ROUNDS-th round of PIPELINE.AVERAGING_FREQUENCY iterations (written by
 * the {@link EpochTrainer}); {@code best} when validation mIoU improves and {@code final} at the
 * end, all in the output directory.
 *
 * <p>With TRAIN.RESUME and a checkpoint present it continues where the checkpoint left off (an
 * epoch's start, or an iteration inside it) with its weights, momentum buffer, step count and best
 * mIoU; because data order derives from (seed, epoch), the result equals an uninterrupted run's.
 * {@code train_log.jsonl} is cut back to the lines before the resumed epoch and that epoch's
 * iterations before the checkpoint are logged again from the checkpoint's record of them, so no
 * step is logged twice or missing. A NaN or infinite loss stops the run with an
 * error naming the epoch and iteration, before that step's update and without touching the last
 * checkpoint.
 *
 * <p>Phases: the main phase reads split {@code train}; the extra phase (TRAIN.EXTRA_EPOCH) split
 * {@code extra}.
 */
public final class TrainingRun {
  private final RunSettings settings;
  private final Schedule schedule;
  private final ShardManifest manifest;
  private final Path outputDir;
  private final PrintStream console;
  private final EpochTrainer epochs;
  private double bestMeanIou = -1;

  /**
   * @param schedule the run's schedule, built for one worker ({@code Schedule.from} with
   *     PIPELINE.TRAIN_WORKERS 1)
   * @param manifest the shards to train on
   * @param outputDir where checkpoint, best, final and train_log.jsonl go (local or gs://)
   */
  public TrainingRun(RunSettings settings, Schedule schedule, ShardManifest manifest, Path outputDir,
      PrintStream console) {
    this(settings, schedule, manifest, outputDir, console, inProcess(settings, manifest));
  }

  /**
   * A run whose epochs {@code epochs} trains (for example a Beam pipeline of several workers); the
   * schedule must be built for the same worker count.
   */
  public TrainingRun(RunSettings settings, Schedule schedule, ShardManifest manifest, Path outputDir,
      PrintStream console, EpochTrainer epochs) {
    this.settings = settings;
    this.schedule = schedule;
    this.manifest = manifest;
    this.outputDir = outputDir;
    this.console = console;
    this.epochs = epochs;
  }

  private static EpochTrainer inProcess(RunSettings settings, ShardManifest manifest) {
    if (settings.workers() != 1) {
      // The schedule's epoch_iters divide by the worker count; one process reading every shard
      // would then stop each epoch early without saying so.
      throw new IllegalArgumentException("single-process training runs one worker, but the config has "
          + settings.workers() + " (PIPELINE.TRAIN_WORKERS, or len(GPUS) when it is 0); set PIPELINE.TRAIN_WORKERS 1");
    }
    return new InProcessEpochs(manifest, settings.trainData());
  }

  /** The path of the checkpoint in the output directory. */
  public Path checkpointFile() {
    return outputDir.resolve(TrainingCheckpoint.FILE_NAME);
  }

  /** Trains every epoch of the schedule; returns the final trainer. */
  public Trainer run() throws IOException {
    return runUntil(schedule.totalEpochs());
  }

  /**
   * Trains up to (not including) global epoch {@code stopEpoch}, then returns; {@code final} is
   * written only when that is the schedule's end. A later run with TRAIN.RESUME continues from the
   * checkpoint, so this is also how an interrupted run is reproduced in tests.
   */
  public Trainer runUntil(int stopEpoch) throws IOException {
    if (stopEpoch < 0 || stopEpoch > schedule.totalEpochs()) {
      throw new IllegalArgumentException("stop epoch " + stopEpoch + " is outside [0, " + schedule.totalEpochs() + "]");
    }
    Files.createDirectories(outputDir);
    Trainer trainer;
    TrainingState state;
    boolean resumed = settings.resume() && Files.exists(checkpointFile());
    if (resumed) {
      TrainingCheckpoint.Loaded loaded = TrainingCheckpoint.load(checkpointFile());
      trainer = new Trainer(withRunLoss(loaded.model()), settings.sgd(), settings.groups(), settings.stepEngine());
      trainer.setMomentumBuffer(loaded.momentum());
      state = loaded.state();
      bestMeanIou = state.bestMeanIou();
      console.println("=> resuming from " + Storage.location(checkpointFile()) + " at epoch " + state.nextEpoch()
          + (state.nextIteration() > 0 ? ", iteration " + state.nextIteration() : ""));
      JsonlLog.keepBefore(outputDir.resolve(JsonlLog.FILE_NAME), state.epochStartStep(), state.nextEpoch());
    } else {
      trainer = new Trainer(freshModel(), settings.sgd(), settings.groups(), settings.stepEngine());
      state = TrainingState.start(settings.seed(), settings.configHash());
    }
    try (TrainLog log = TrainLog.open(outputDir, Storage.path(settings.tensorboardDir()), resumed, console)) {
      for (int epoch = state.nextEpoch(); epoch < stopEpoch; epoch++) {
        long steps = trainEpoch(trainer, epoch, state, log);
        double best = state.bestMeanIou();
        boolean last = epoch == schedule.totalEpochs() - 1;
        if ((epoch + 1) % settings.valEvery() == 0 || last) {
          Validation.Result v = Validation.run(trainer.model(), settings.loss().criterion(), manifest,
              settings.validationData(), settings.spec().numClasses(), settings.loss().ignoreLabel());
          log.validation(epoch, steps, v.loss(), v.meanIou());
          if (v.meanIou() > best) {
            best = v.meanIou();
            ModelFile.save(trainer.model(), outputDir.resolve("best"), false, provenance(epoch + 1));
          }
        }
        state = new TrainingState(epoch + 1, steps, best, settings.seed(), settings.configHash());
        bestMeanIou = best;
        TrainingCheckpoint.save(checkpointFile(), trainer.model(), trainer.momentumBuffer(), state,
            provenance(epoch + 1));
      }
    }
    if (stopEpoch == schedule.totalEpochs()) {
      ModelFile.save(trainer.model(), outputDir.resolve("final"), false, provenance(stopEpoch));
    }
    return trainer;
  }

  /**
   * Epoch {@code epoch}, from {@code state}: its start, or (resuming) the iteration where a
   * mid-epoch checkpoint left it; returns the global step count after the epoch.
   */
  private long trainEpoch(Trainer trainer, int epoch, TrainingState state, TrainLog log) throws IOException {
    EpochProgress before = epoch == state.nextEpoch() ? state.epochSoFar() : EpochProgress.none();
    long epochStart = state.globalStep() - before.count();
    EpochWork work = EpochWork.of(schedule, settings.groups(), epoch, epochStart);
    if (before.count() >= work.iterations()) {
      throw new IllegalStateException(Storage.location(checkpointFile()) + " resumes epoch " + epoch + " at iteration "
          + before.count() + " but the epoch has " + work.iterations() + " (was the schedule changed?)");
    }
    ProgressTracker progress = new ProgressTracker(settings.printFreq(),
        settings.trainData().batchSize() * settings.workers());
    progress.startEpoch();
    for (int it = 0; it < before.count(); it++) {
      // The resumed epoch's averages and log lines as the interrupted run had them.
      progress.record(before.losses()[it], before.iterationNanos()[it], before.dataNanos()[it]);
      if (progress.due(it)) {
        log.iteration(work.progress(progress, it), false);
      }
    }
    RoundCheckpoints checkpoints = new RoundCheckpoints(Storage.location(checkpointFile()),
        settings.checkpointEveryIterations(), before, state.bestMeanIou(), settings.seed(), settings.configHash(),
        provenance(epoch));
    boolean toConsole = !epochs.printsProgress();
    try {
      epochs.train(trainer, work, checkpoints, (it, loss, iterationNanos, dataNanos) -> {
        progress.record(loss, iterationNanos, dataNanos);
        if (progress.due(it)) {
          log.iteration(work.progress(progress, it), toConsole);
        }
      });
    } catch (NonFiniteLossException e) {
      throw new NonFiniteLossException("training stopped: " + e.getMessage() + "; the last good checkpoint "
          + Storage.location(checkpointFile()) + " is untouched", e.loss());
    }
    return epochStart + work.iterations();
  }

  /** The best validation mIoU of the run so far (−1 before any validation); set by {@link #runUntil}. */
  public double bestMeanIou() {
    return bestMeanIou;
  }

  private HrnetModel freshModel() throws IOException {
    HrnetModel model = HrnetModel.create(settings.spec(), settings.seed(), new NoOp(), settings.loss().layer());
    String pretrained = settings.pretrained();
    if (pretrained != null && !pretrained.isEmpty()) {
      LoadReport report = StateDictBinding.load(model.graph(), WeightFiles.read(Storage.path(pretrained)).model());
      console.println("=> MODEL.PRETRAINED " + pretrained + ": " + report.summary());
    }
    return model;
  }

  /** A restored model keeps its stored loss layer; check it is this run's. */
  private HrnetModel withRunLoss(HrnetModel model) {
    Object stored = model.graph().getConfiguration().getVertices().values().stream()
        .filter(v -> v instanceof org.deeplearning4j.nn.conf.graph.LayerVertex lv
            && lv.getLayerConf().getLayer() instanceof org.hrnetbeam.loss.SegmentationLossLayer)
        .map(v -> ((org.deeplearning4j.nn.conf.graph.LayerVertex) v).getLayerConf().getLayer())
        .findFirst().orElse(null);
    org.hrnetbeam.loss.SegmentationLossLayer wanted = settings.loss().layer();
    if (stored instanceof org.hrnetbeam.loss.SegmentationLossLayer s) {
      wanted.setLayerName(s.getLayerName());
    }
    if (!wanted.equals(stored)) {
      throw new IllegalArgumentException(Storage.location(checkpointFile()) + " was trained with loss " + stored
          + " but the config asks for " + wanted + " (LOSS.*, PIPELINE.CLASS_WEIGHTS); start a new run instead");
    }
    return model;
  }

  private Map<String, String> provenance(int epochsDone) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("made_by", epochs.description());
    p.put("epochs_done", String.valueOf(epochsDone));
    p.put("seed", String.valueOf(settings.seed()));
    p.put("config_sha256", settings.configHash());
    p.put("shards", Storage.location(manifest.dir()));
    p.put("time", java.time.Instant.now().toString());
    return p;
  }
}
