package org.hrnetbeam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hrnetbeam.loss.SegmentationLossLayer;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.onednn.OneDnnHelpers;
import org.hrnetbeam.schedule.ParameterGroups;
import org.hrnetbeam.train.SgdSettings;
import org.hrnetbeam.train.StepEngine;
import org.hrnetbeam.train.TrainStepHeap;
import org.hrnetbeam.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Times HRNet forward passes and train steps (forward, reference loss, backward, SGD update) and
 * prints one table row per run; compare rows with the reference PyTorch figures in
 * {@code docs/PERFORMANCE.md}. Run one configuration per JVM so the peak RSS column is that
 * configuration's own.
 *
 * <pre>
 * ModelBenchmark [--header] VARIANT HEIGHT WIDTH BATCH [ITERATIONS=5] [WARMUP=2]
 * </pre>
 * VARIANT is one of {@link HrnetVariants#NAMES}. The oneDNN bridge is on unless
 * {@code -Dhrnet.onednn=false}; the "step engine" column says which ran (for dl4j: "oneDNN" or
 * "off"), and "mmap 4M" where the train steps ran with {@link TrainStepHeap}'s allocator setting
 * ({@code -Dhrnet.stepHeap=auto|on|off}).
 * The train step is what {@code PIPELINE.TRAIN_STEP} would run ({@code -Dhrnet.trainStep=auto|
 * channels-last|dl4j}, default auto: channels-last on CPU): the product's {@code Trainer.step}
 * (momentum SGD over the flat vector included) on our channels-last engine, or for {@code dl4j}
 * DL4J's own {@code fit} with plain SGD, as before that engine existed. The forward column is
 * always DL4J's eval-mode forward (what evaluation and {@code infer} run).
 */
public final class ModelBenchmark {
  private ModelBenchmark() {
  }

  private static final String FORMAT = "| %-13s | %-9s | %5s | %13s | %10s | %13s | %12s | %8s | %8s | %13s | %8s |%n";

  public static void main(String[] args) throws IOException {
    Optional<BenchmarkArgs> parsed = BenchmarkArgs.parse("ModelBenchmark", args, () -> {
      System.out.printf(FORMAT, "variant", "crop", "batch", "step engine", "forward ms", "train-step ms", "step CPU ms", "images/s",
          "GFLOP/s", "GMAC/img fwd", "peak RSS");
      System.out.printf(FORMAT, "---", "---", "---", "---", "---", "---", "---", "---", "---", "---", "---");
    });
    if (parsed.isEmpty()) {
      return;
    }
    BenchmarkArgs a = parsed.get();
    String variant = a.variant();
    int height = a.height();
    int width = a.width();
    int batch = a.batch();
    int iterations = a.iterations();
    int warmup = a.warmup();

    HrnetSpec spec = HrnetVariants.spec(variant, 19, false, 0.1);
    StepEngine engine = StepEngine.parse(System.getProperty("hrnet.trainStep", "auto"));
    HrnetModel model = engine == StepEngine.DL4J ? HrnetModel.create(spec, 0, new Sgd(0.01))
        : HrnetModel.create(spec, 0, new NoOp(), new SegmentationLossLayer(255, false, null));
    Nd4j.getRandom().setSeed(0);
    INDArray input = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
    INDArray labels = Nd4j.rand(DataType.FLOAT, batch, 1, height, width).muli(19).castTo(DataType.INT)
        .castTo(DataType.FLOAT);
    MultiDataSet data = new MultiDataSet(new INDArray[]{input}, new INDArray[]{labels});

    double forwardMs = median(iterations, warmup, () -> model.logits(input))[0];
    boolean largeStep = TrainStepHeap.isLarge(TrainStepHeap.activationBytes(model.graph().getConfiguration(),
        input.shape()));
    Runnable step;
    if (engine == StepEngine.DL4J) {
      step = () -> {
        try (TrainStepHeap.Step heap = TrainStepHeap.enter(largeStep)) {
          model.graph().fit(data);
        }
      };
    } else {
      Trainer trainer = new Trainer(model, new SgdSettings(0.9, 1e-4, false), new ParameterGroups(List.of(), 1),
          engine);
      INDArray labels3d = labels.reshape(batch, height, width);
      step = () -> trainer.step(input, labels3d, 0.01);
    }
    double[] train = median(iterations, warmup, step);
    double trainMs = train[0];

    long macsPerImage = ConvCost.macs(model.graph().getConfiguration(), height, width);
    // A train step costs about 3× the forward: forward, gradient w.r.t. inputs, gradient w.r.t. weights.
    double trainGflop = 3.0 * 2.0 * macsPerImage * batch / 1e9;
    System.out.printf(FORMAT, variant, height + "x" + width, batch, (engine != StepEngine.DL4J ? engine.key()
        : (OneDnnHelpers.wanted() ? "oneDNN" : "off") + (largeStep ? ", mmap 4M" : "")),
        String.format("%.0f", forwardMs), String.format("%.0f", trainMs), String.format("%.0f", train[1]),
        String.format("%.2f", batch / (trainMs / 1000)), String.format("%.1f", trainGflop / (trainMs / 1000)),
        String.format("%.2f", macsPerImage / 1e9), peakRss());
  }

  /**
   * {median wall ms, mean process CPU ms} of a step over {@code iterations} after {@code warmup}.
   * CPU time counts every thread of the process (ND4J's OpenMP threads included): on a shared
   * machine it moves less with the load than wall time does.
   */
  private static double[] median(int iterations, int warmup, Runnable step) {
    for (int i = 0; i < warmup; i++) {
      step.run();
    }
    double[] ms = new double[iterations];
    long cpu0 = processCpuNanos();
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    double cpuMs = (processCpuNanos() - cpu0) / 1e6 / iterations;
    Arrays.sort(ms);
    return new double[]{ms[iterations / 2], cpuMs};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** VmHWM of this process: the peak resident set, heap and off-heap (ND4J) together. */
  private static String peakRss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.format("%.2f GiB", kb / 1024.0 / 1024.0);
      }
    }
    return "n/a";
  }
}
