package org.hrnetbeam.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ConfigException;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.storage.Storage;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What every stage command takes, as the reference's {@code tools/train.py} does: {@code --cfg},
 * {@code --seed} and trailing {@code KEY VALUE} overrides, plus Beam pipeline options written
 * {@code --name=value} ({@code --runner=FlinkRunner --flinkMaster=[local] --parallelism=2}).
 *
 * <p>Words after the options are split here rather than by picocli: one that starts with
 * {@code --} is a Beam option, every other one belongs to the overrides, so a negative override
 * value such as {@code TRAIN.IGNORE_LABEL -1} is not mistaken for an option.
 */
public final class StageOptions {
  /** The reference's default seed ({@code tools/train.py}). */
  public static final int DEFAULT_SEED = 304;

  /** The runner used when none is given; see README "Runners" for the measurement behind it. */
  public static final String DEFAULT_RUNNER = "DirectRunner";

  @Option(names = "--cfg", required = true, paramLabel = "FILE",
      description = "experiment YAML (the reference's files load unchanged)")
  Path cfg;

  @Option(names = "--seed", defaultValue = "" + DEFAULT_SEED, paramLabel = "N",
      description = "seed of every random draw (default: ${DEFAULT-VALUE}, as the reference)")
  int seed;

  @Parameters(paramLabel = "KEY VALUE | --beamOption=value", arity = "0..*",
      description = {
          "config overrides, as the reference: TRAIN.LR 0.02 TRAIN.END_EPOCH 2",
          "and Beam pipeline options: --runner=DirectRunner|FlinkRunner --flinkMaster=[local]|host:port --parallelism=N ..."})
  List<String> words = new ArrayList<>();

  private ExperimentConfig config;

  public int seed() {
    return seed;
  }

  public Path cfgFile() {
    return cfg;
  }

  /** The {@code KEY VALUE} overrides, in order. */
  public List<String> overrides() {
    return words.stream().filter(w -> !w.startsWith("--")).toList();
  }

  /** The Beam options exactly as given. */
  public List<String> beamArgs() {
    return words.stream().filter(w -> w.startsWith("--")).toList();
  }

  /** The resolved config (loaded once). */
  public ExperimentConfig config() {
    if (config == null) {
      List<String> overrides = overrides();
      try {
        config = ExperimentConfig.load(cfg, overrides);
      } catch (ConfigException e) {
        if (overrides.size() % 2 != 0 && words.stream().anyMatch(w -> w.startsWith("--") && !w.contains("="))) {
          throw new ConfigException(e.getMessage() + " (Beam options are written --name=value, with '=')");
        }
        throw e;
      }
    }
    return config;
  }

  /**
   * Beam pipeline options from the {@code --name=value} words, validated by Beam; the runner
   * defaults to {@value #DEFAULT_RUNNER}. On DirectRunner, {@code --targetParallelism} defaults to
   * {@code busyDoFns}, the number of DoFns the stage keeps running at once: DirectRunner's pool
   * has that many threads and its scheduling loop runs on the same pool, re-queueing itself
   * without pause whenever a thread is free (apache/beam#18070). With Beam's default of
   * max(3, cores) that loop took a whole core away from the work (docs/PERFORMANCE.md,
   * "DirectRunner's idle loop"); with one thread per busy DoFn it waits its turn behind them.
   *
   * <p>On Flink, {@code --fasterCopy} defaults to true: no DoFn of ours modifies its input (Beam's
   * model forbids it and DirectRunner's immutability check, on in the tests, enforces it), so Flink
   * need not copy each element between chained operators, and it no longer warns about that.
   */
  public PipelineOptions pipelineOptions(int busyDoFns) {
    List<String> args = new ArrayList<>(beamArgs());
    if (args.stream().noneMatch(a -> a.startsWith("--runner=") || a.equals("--runner"))) {
      args.add("--runner=" + DEFAULT_RUNNER);
    }
    PipelineOptions options = withDirectRunnerThreads(create(args), busyDoFns);
    boolean copyGiven = beamArgs().stream().anyMatch(a -> a.startsWith("--fasterCopy"));
    if (!copyGiven && options.getRunner() == FlinkRunner.class) {
      options.as(FlinkPipelineOptions.class).setFasterCopy(true);
    }
    return options;
  }

  /**
   * The options of the training stage: as {@link #pipelineOptions(int)} with one busy DoFn per
   * worker (a replica steps inside each). On DirectRunner that costs 0-2% over the model alone
   * and about 1.3 s per epoch, against about 2.9 s per epoch on embedded Flink
   * (docs/PERFORMANCE.md, "Training stage").
   */
  public PipelineOptions trainingOptions(int workers) {
    return pipelineOptions(Math.max(1, workers));
  }

  private static PipelineOptions create(List<String> args) {
    try {
      return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().create();
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad Beam pipeline option: " + e.getMessage());
    }
  }

  private PipelineOptions withDirectRunnerThreads(PipelineOptions options, int busyDoFns) {
    boolean given = beamArgs().stream().anyMatch(a -> a.startsWith("--targetParallelism"));
    if (!given && options.getRunner() == DirectRunner.class) {
      options.as(DirectOptions.class).setTargetParallelism(Math.max(1, busyDoFns));
    }
    return options;
  }

  /** Writes the resolved config as {@code <output dir>/config.yaml} (atomically) and returns its path. */
  public Path writeResolvedConfig() throws IOException {
    Path target = Storage.path(config().outputDir()).resolve("config.yaml");
    Storage.writeString(target, config().toYaml());
    return target;
  }
}
