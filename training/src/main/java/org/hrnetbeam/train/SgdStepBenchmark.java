package org.hrnetbeam.train;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.schedule.ParameterGroups;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The optimiser step alone, on a variant's real flat parameter layout: the fused pass
 * ({@link PyTorchSgd}) against the earlier eight-op ND4J form ({@link Nd4jSgdBaseline}), alternating
 * step by step so machine load falls on both alike. Each side updates its own copy of the same
 * starting parameters from the same random gradients at the same rates (momentum 0.9, decay 1e-4,
 * last_layer × 10, as the reference's Cityscapes runs), so after the run the two copies must be
 * equal element for element (exact float comparison); the table says whether they are. Prints per
 * variant: parameters, the median wall ms and the mean process CPU ms of one step per side (a mean,
 * as the process CPU clock ticks in 10 ms), and the model-sized optimiser state per side.
 *
 * <pre>
 * SgdStepBenchmark ITERATIONS VARIANT [VARIANT...]
 * </pre>
 * Two warm-up steps per side come first.
 */
public final class SgdStepBenchmark {
  private static final int WARMUP = 2;
  private static final String FORMAT = "| %-13s | %11s | %10s | %10s | %11s | %11s | %13s | %13s | %13s |%n";

  private SgdStepBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: SgdStepBenchmark ITERATIONS VARIANT [VARIANT...]");
      System.exit(2);
    }
    int iterations = Integer.parseInt(args[0]);
    System.out.printf(FORMAT, "variant", "parameters", "ND4J ms", "fused ms", "ND4J CPU ms", "fused CPU ms",
        "ND4J state MB", "fused state MB", "equal");
    System.out.printf(FORMAT, "---", "---", "---", "---", "---", "---", "---", "---", "---");
    for (String variant : Arrays.asList(args).subList(1, args.length)) {
      row(variant, iterations);
    }
  }

  private static void row(String variant, int iterations) {
    HrnetModel model = HrnetModel.create(HrnetVariants.spec(variant, 19, false, 0.1), 0);
    SgdSettings settings = new SgdSettings(0.9, 1e-4, false);
    ParameterGroups groups = new ParameterGroups(List.of("last_layer"), 10);
    Nd4jSgdBaseline baseline = new Nd4jSgdBaseline(model.graph(), settings, groups);
    PyTorchSgd fused = new PyTorchSgd(model.graph(), settings, groups);
    INDArray baselineParams = model.graph().params().dup();
    INDArray fusedParams = model.graph().params();
    Nd4j.getRandom().setSeed(0);
    INDArray gradients = Nd4j.randn(fusedParams.dataType(), fusedParams.shape()).muli(1e-3);

    double[][] wall = new double[2][iterations];
    long[] cpuNanos = new long[2];
    for (int i = 0; i < WARMUP + iterations; i++) {
      double lr = 0.01 * Math.pow(1 - i / (double) (WARMUP + iterations), 0.9);
      long[] a = timed(() -> baseline.step(baselineParams, gradients, lr));
      long[] b = timed(() -> fused.step(fusedParams, gradients, lr));
      if (i >= WARMUP) {
        wall[0][i - WARMUP] = a[0] / 1e6;
        cpuNanos[0] += a[1];
        wall[1][i - WARMUP] = b[0] / 1e6;
        cpuNanos[1] += b[1];
      }
    }
    boolean identical = !baselineParams.neq(fusedParams).any() && !baseline.buffer().neq(fused.momentumBuffer()).any();
    long fusedState = fused.momentumBuffer().length() * fused.momentumBuffer().dataType().width();
    System.out.printf(FORMAT, variant, fusedParams.length(), String.format("%.1f", median(wall[0])),
        String.format("%.1f", median(wall[1])), String.format("%.1f", cpuNanos[0] / 1e6 / iterations),
        String.format("%.1f", cpuNanos[1] / 1e6 / iterations), String.format("%.0f", baseline.stateBytes() / 1e6),
        String.format("%.0f", fusedState / 1e6), identical ? "yes" : "NO");
  }

  /** Wall and process CPU nanoseconds (all threads, ND4J's OpenMP ones included) of one call. */
  private static long[] timed(Runnable step) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    step.run();
    long t1 = System.nanoTime();
    return new long[]{t1 - t0, os.getProcessCpuTime() - cpu0};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
