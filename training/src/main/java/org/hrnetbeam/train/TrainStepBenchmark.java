package org.hrnetbeam.train;

import java.util.List;
import java.util.Optional;
import org.hrnetbeam.bench.BenchmarkArgs;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.schedule.ParameterGroups;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * What {@link Trainer#step} costs on top of DL4J's own train step: times, in one JVM and on the
 * same random batch, {@code ComputationGraph.fit} with DL4J's plain {@code Sgd} (the model-only
 * step of {@code ModelBenchmark}) and {@code Trainer.step} (the same forward/backward plus
 * PyTorch-form BN statistics and momentum SGD over the flat vector), alternating the two so
 * machine load hits both alike. Prints one table row.
 *
 * <pre>
 * TrainStepBenchmark [--header] VARIANT HEIGHT WIDTH BATCH [ITERATIONS=5] [WARMUP=2]
 * </pre>
 */
public final class TrainStepBenchmark {
  private static final String FORMAT = "| %-13s | %-9s | %5s | %13s | %15s | %8s |%n";

  private TrainStepBenchmark() {
  }

  public static void main(String[] args) {
    Optional<BenchmarkArgs> parsed = BenchmarkArgs.parse("TrainStepBenchmark", args, () -> {
      System.out.printf(FORMAT, "variant", "crop", "batch", "DL4J fit ms", "Trainer.step ms", "overhead");
      System.out.printf(FORMAT, "---", "---", "---", "---", "---", "---");
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
    HrnetModel plain = HrnetModel.create(spec, 0, new Sgd(0.001));
    Trainer trainer = new Trainer(HrnetModel.create(spec, 0, new NoOp()), new SgdSettings(0.9, 1e-4, false),
        new ParameterGroups(List.of("last_layer"), 10));
    Nd4j.getRandom().setSeed(0);
    INDArray input = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
    INDArray labels = Nd4j.rand(DataType.FLOAT, batch, height, width).muli(19).castTo(DataType.INT);
    MultiDataSet data = new MultiDataSet(new INDArray[]{input},
        new INDArray[]{labels.castTo(DataType.FLOAT).reshape(batch, 1, height, width)});

    long fitNanos = 0;
    long stepNanos = 0;
    for (int i = 0; i < warmup + iterations; i++) {
      long t0 = System.nanoTime();
      plain.graph().fit(data);
      long t1 = System.nanoTime();
      trainer.step(input, labels, 0.001);
      long t2 = System.nanoTime();
      if (i >= warmup) {
        fitNanos += t1 - t0;
        stepNanos += t2 - t1;
      }
    }
    double fitMs = fitNanos / 1e6 / iterations;
    double stepMs = stepNanos / 1e6 / iterations;
    System.out.printf(FORMAT, variant, height + "x" + width, batch, String.format("%.0f", fitMs),
        String.format("%.0f", stepMs), String.format("%+.1f%%", 100 * (stepMs / fitMs - 1)));
  }
}
