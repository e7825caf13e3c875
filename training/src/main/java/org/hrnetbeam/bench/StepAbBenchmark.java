package org.hrnetbeam.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A/B of one start-up switch of the model (a system property read when the model is built, such as
 * {@code hrnet.bnRelu}) inside one JVM: two models, one built with each value, train steps
 * alternating A, B, A, B, ... so the other agents' load falls on both alike. Prints per side the
 * medians of wall time, process CPU time (all threads) and the calling thread's CPU time per step:
 * the last is the serial part of the step that the second core cannot take.
 *
 * <pre>
 * StepAbBenchmark VARIANT HEIGHT WIDTH BATCH ROUNDS PROPERTY VALUE_A VALUE_B
 * </pre>
 * Each side first runs 3 warm-up steps.
 */
public final class StepAbBenchmark {
  private static final int WARMUP = 3;

  private StepAbBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length != 8) {
      System.err.println("usage: StepAbBenchmark VARIANT HEIGHT WIDTH BATCH ROUNDS PROPERTY VALUE_A VALUE_B");
      System.exit(2);
    }
    String variant = args[0];
    int height = Integer.parseInt(args[1]);
    int width = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    String property = args[5];
    String[] values = {args[6], args[7]};

    HrnetModel[] models = new HrnetModel[2];
    for (int side = 0; side < 2; side++) {
      System.setProperty(property, values[side]);
      models[side] = HrnetModel.create(HrnetVariants.spec(variant, 19, false, 0.1), 0, new Sgd(0.01));
    }
    System.clearProperty(property);
    Nd4j.getRandom().setSeed(0);
    INDArray input = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
    INDArray labels = Nd4j.rand(DataType.FLOAT, batch, 1, height, width).muli(19).castTo(DataType.INT)
        .castTo(DataType.FLOAT);
    MultiDataSet data = new MultiDataSet(new INDArray[]{input}, new INDArray[]{labels});

    for (int i = 0; i < WARMUP; i++) {
      for (HrnetModel m : models) {
        m.graph().fit(data);
      }
    }
    double[][][] samples = new double[2][3][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int side = 0; side < 2; side++) {
        double[] s = timedStep(models[side], data);
        for (int k = 0; k < 3; k++) {
          samples[side][k][r] = s[k];
        }
      }
    }
    String format = "| %-13s | %-9s | %5s | %-22s | %6s | %13s | %12s | %16s |%n";
    System.out.printf(format, "variant", "crop", "batch", property, "steps", "train-step ms", "step CPU ms",
        "main-thread CPU ms");
    System.out.printf(format, "---", "---", "---", "---", "---", "---", "---", "---");
    for (int side = 0; side < 2; side++) {
      System.out.printf(format, variant, height + "x" + width, batch, values[side], rounds,
          String.format("%.0f", median(samples[side][0])), String.format("%.0f", median(samples[side][1])),
          String.format("%.0f", median(samples[side][2])));
    }
  }

  /** {wall ms, process CPU ms, this thread's CPU ms} of one train step. */
  private static double[] timedStep(HrnetModel model, MultiDataSet data) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = processCpuNanos();
    long thread0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    model.graph().fit(data);
    long t1 = System.nanoTime();
    return new double[]{(t1 - t0) / 1e6, (processCpuNanos() - cpu0) / 1e6,
        (threads.getCurrentThreadCpuTime() - thread0) / 1e6};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
