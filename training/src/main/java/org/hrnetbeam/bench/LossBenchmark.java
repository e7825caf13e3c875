package org.hrnetbeam.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.hrnetbeam.loss.CrossEntropy2d;
import org.hrnetbeam.loss.LossSettings;
import org.hrnetbeam.loss.OhemCrossEntropy2d;
import org.hrnetbeam.loss.SegmentationCriterion;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the training criteria alone (loss and gradient w.r.t. the 1/4-resolution logits) on random
 * logits and labels, a tenth of the pixels ignored, and prints one table row per criterion: the
 * median wall time of a call and the process CPU time per call (all threads).
 *
 * <pre>
 * LossBenchmark [--header] HEIGHT WIDTH BATCH [CLASSES=19] [ITERATIONS=10] [WARMUP=3]
 * </pre>
 * HEIGHT × WIDTH is the label (crop) size; the logits are a quarter of it on each axis, as HRNet's.
 */
public final class LossBenchmark {
  private static final String FORMAT = "| %-28s | %-14s | %-11s | %8s | %12s |%n";

  private LossBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("--header")) {
      System.out.printf(FORMAT, "criterion", "logits", "labels", "wall ms", "CPU ms/call");
      System.out.printf(FORMAT, "---", "---", "---", "---", "---");
      args = Arrays.copyOfRange(args, 1, args.length);
      if (args.length == 0) {
        return;
      }
    }
    if (args.length < 3) {
      System.err.println("usage: LossBenchmark [--header] HEIGHT WIDTH BATCH [CLASSES] [ITERATIONS] [WARMUP]");
      System.exit(2);
    }
    int height = Integer.parseInt(args[0]);
    int width = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int classes = args.length > 3 ? Integer.parseInt(args[3]) : 19;
    int iterations = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 3;

    Nd4j.getRandom().setSeed(0);
    INDArray logits = Nd4j.randn(DataType.FLOAT, batch, classes, height / 4, width / 4).muli(3);
    java.util.Random random = new java.util.Random(0);
    int[] values = new int[batch * height * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(10) == 0 ? 255 : random.nextInt(classes);
    }
    INDArray labels = Nd4j.createFromArray(values).reshape(batch, height, width);
    double[] weights = classes == LossSettings.CITYSCAPES_WEIGHTS.length ? LossSettings.CITYSCAPES_WEIGHTS : null;

    String logitShape = batch + "x" + classes + "x" + height / 4 + "x" + width / 4;
    String labelShape = batch + "x" + height + "x" + width;
    row("cross-entropy", new CrossEntropy2d(255, false, null), logits, labels, iterations, warmup, logitShape,
        labelShape);
    if (weights != null) {
      row("cross-entropy, class weights", new CrossEntropy2d(255, false, weights), logits, labels, iterations,
          warmup, logitShape, labelShape);
    }
    row("OHEM 0.7 / 100000", new OhemCrossEntropy2d(255, false, weights, 0.7, 100000), logits, labels, iterations,
        warmup, logitShape, labelShape);
  }

  private static void row(String name, SegmentationCriterion criterion, INDArray logits, INDArray labels,
      int iterations, int warmup, String logitShape, String labelShape) {
    for (int i = 0; i < warmup; i++) {
      criterion.compute(logits, labels);
    }
    double[] ms = new double[iterations];
    long cpu0 = processCpuNanos();
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      criterion.compute(logits, labels);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    double cpuMs = (processCpuNanos() - cpu0) / 1e6 / iterations;
    Arrays.sort(ms);
    System.out.printf(FORMAT, name, logitShape, labelShape, String.format("%.1f", ms[iterations / 2]),
        String.format("%.1f", cpuMs));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
