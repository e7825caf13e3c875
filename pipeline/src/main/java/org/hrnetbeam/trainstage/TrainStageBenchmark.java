package org.hrnetbeam.trainstage;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.Batch;
import org.hrnetbeam.data.Prefetcher;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.data.TrainingData;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.train.EpochProgress;
import org.hrnetbeam.train.EpochWork;
import org.hrnetbeam.train.RoundCheckpoints;
import org.hrnetbeam.train.RunSettings;
import org.hrnetbeam.train.Trainer;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Training throughput through the Beam stage against the model-only loop, in one JVM: first
 * {@link Trainer#step} on the worker-0 batches read into memory beforehand (the model alone), then,
 * after an untimed one-round warm-up epoch, a timed one-round epoch (K iterations) and a timed
 * epoch of ITERATIONS iterations per worker ({@link BeamEpochs}, the code {@code hrnet train} runs).
 * Prints one table row: model-only images/s; the long epoch's images/s over its whole wall time
 * and its overhead (model-only ÷ stage − 1: positive when the stage is slower than one model alone
 * in this process); the steady-state images/s and overhead, from the difference between the two
 * epochs' wall times (what each further iteration costs once the epoch runs, averaging included);
 * and the fixed cost of an epoch (pipeline start, replica builds), the one-round epoch's time less
 * its K iterations at the steady rate.
 *
 * <pre>
 * TrainStageBenchmark [--header] CFG SHARD_DIR WORKERS direct|flink ITERATIONS K
 * </pre>
 */
public final class TrainStageBenchmark {
  private static final String FORMAT =
      "| %-28s | %-7s | %5s | %2s | %-6s | %2s | %5s | %15s | %11s | %9s | %11s | %9s | %11s |%n";

  private TrainStageBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    List<String> a = new ArrayList<>(Arrays.asList(args));
    if (a.remove("--header")) {
      System.out.printf(FORMAT, "config", "crop", "batch", "W", "runner", "K", "iters", "model-only img/s",
          "epoch img/s", "overhead", "steady img/s", "overhead", "s per epoch");
      System.out.printf(FORMAT, "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---",
          "---");
    }
    if (a.size() != 6) {
      System.err.println("usage: TrainStageBenchmark [--header] CFG SHARD_DIR WORKERS direct|flink ITERATIONS K");
      System.exit(a.isEmpty() ? 0 : 2);
      return;
    }
    Path cfgFile = Path.of(a.get(0));
    String shardDir = a.get(1);
    int workers = Integer.parseInt(a.get(2));
    String runner = a.get(3);
    int iterations = Integer.parseInt(a.get(4));
    int k = Integer.parseInt(a.get(5));
    Path out = Files.createTempDirectory("hrnet-stage-bench");
    ExperimentConfig config = ExperimentConfig.load(cfgFile, List.of("PIPELINE.SHARD_DIR", shardDir,
        "PIPELINE.TRAIN_WORKERS", String.valueOf(workers), "PIPELINE.AVERAGING_FREQUENCY", String.valueOf(k),
        "OUTPUT_DIR", out.toString(), "TRAIN.RESUME", "false"));
    long seed = 304;
    ShardManifest manifest = ShardManifest.read(Storage.path(shardDir));
    RunSettings settings = RunSettings.from(config, manifest, seed);
    int batch = settings.trainData().batchSize();

    double modelOnly = modelOnlyImagesPerSecond(settings, manifest, iterations);

    Schedule schedule = Schedule.from(config, manifest.samples("train"), 0);
    EpochWork full = EpochWork.of(schedule, settings.groups(), 0, 0);
    if (iterations <= k) {
      throw new IllegalArgumentException("ITERATIONS must exceed K (one round), got " + iterations + " and " + k);
    }
    if (full.iterations() < iterations) {
      throw new IllegalArgumentException("an epoch has " + full.iterations() + " iterations at W=" + workers
          + ", fewer than the " + iterations + " asked for");
    }
    Trainer driver = new Trainer(HrnetModel.create(settings.spec(), seed, new NoOp(), settings.loss().layer()),
        settings.sgd(), settings.groups());
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    BeamEpochs epochs = new BeamEpochs(config, seed, shardDir, out.resolve("rounds").toString(), workers,
        options(runner, workers), quiet, true);
    // No mid-epoch checkpoints: the table measures training and averaging.
    RoundCheckpoints none = new RoundCheckpoints(out.resolve("checkpoint").toString(), 0, EpochProgress.none(), -1,
        seed, config.hash(), java.util.Map.of());
    epochs.train(driver, truncated(full, k), none, (it, loss, iter, data) -> { });
    // A one-round epoch and a long one, both warm: their difference is the per-iteration cost of
    // the stage once running (steady state), the rest the fixed cost of starting an epoch.
    long start = System.nanoTime();
    epochs.train(driver, truncated(full, k), none, (it, loss, iter, data) -> { });
    double shortWall = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    epochs.train(driver, truncated(full, iterations), none, (it, loss, iter, data) -> { });
    double wall = (System.nanoTime() - start) / 1e9;
    double epochRate = (double) workers * batch * iterations / wall;
    double perIteration = (wall - shortWall) / (iterations - k);
    double steadyRate = workers * batch / perIteration;
    double fixed = shortWall - k * perIteration;
    String crop = config.getIntList("TRAIN.IMAGE_SIZE").get(0) + "x" + config.getIntList("TRAIN.IMAGE_SIZE").get(1);
    System.out.printf(FORMAT, cfgFile.getFileName().toString().replace(".yaml", ""), crop, batch, workers, runner, k,
        iterations, fmt(modelOnly), fmt(epochRate), percent(modelOnly / epochRate - 1), fmt(steadyRate),
        percent(modelOnly / steadyRate - 1), String.format(Locale.ROOT, "%.1f", fixed));
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%+.1f%%", 100 * fraction);
  }

  /** Trainer.step alone on batches read into memory first; one warm-up step. */
  private static double modelOnlyImagesPerSecond(RunSettings settings, ShardManifest manifest, int iterations) {
    List<Batch> batches = new ArrayList<>();
    try (Prefetcher reader = TrainingData.open(manifest, "train", settings.trainData(), 0, 1, 0, iterations + 1)) {
      reader.forEachRemaining(batches::add);
    }
    Trainer trainer = new Trainer(HrnetModel.create(settings.spec(), 304, new NoOp(), settings.loss().layer()),
        settings.sgd(), settings.groups());
    Batch first = batches.get(0);
    trainer.step(first.images(), first.labels(), 1e-4);
    long start = System.nanoTime();
    long images = 0;
    for (Batch b : batches.subList(1, batches.size())) {
      trainer.step(b.images(), b.labels(), 1e-4);
      images += b.size();
    }
    return images / ((System.nanoTime() - start) / 1e9);
  }

  private static EpochWork truncated(EpochWork w, int iterations) {
    return new EpochWork(w.epoch(), w.split(), iterations, w.startStep(), w.epochInPhase(), w.phaseEpochs(),
        Arrays.copyOf(w.lrForStep(), iterations), Arrays.copyOf(w.groupRatesAfter(), iterations), 0);
  }

  /** As {@code hrnet train} sets them: on DirectRunner one pool thread per worker (StageOptions says why). */
  private static PipelineOptions options(String runner, int workers) {
    PipelineOptions o = switch (runner) {
      case "direct" -> PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--targetParallelism=" + workers).create();
      case "flink" -> PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2")
          .create();
      default -> throw new IllegalArgumentException("runner must be direct or flink, got " + runner);
    };
    o.as(DirectOptions.class).setEnforceImmutability(false);
    o.as(DirectOptions.class).setEnforceEncodability(false);
    return o;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
