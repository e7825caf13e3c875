package org.hrnetbeam.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.dnnl.Dnnl;
import org.hrnetbeam.model.onednn.OneDnnHelpers;
import org.hrnetbeam.model.ownstep.NhwcArray;
import org.hrnetbeam.model.ownstep.StemAndBlockChain;
import org.hrnetbeam.model.ownstep.StemAndBlockGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One train step of HRNet's stem + one basic block ({@link StemAndBlockChain}): forward, backward
 * from a fixed gradient of the last activation (no loss), plain SGD. The paths take turns within
 * each round (each round starting one path later), so load from other processes falls on all alike:
 * <ul>
 *   <li>{@code own}: the channels-last chain (DirectConv + Java BN/ReLU/sum passes), including the
 *       copy of the NCHW input batch into its channels-last input, with each convolution's weights
 *       kept in oneDNN's forward layout between steps;</li>
 *   <li>{@code own, weights in DL4J's layout}: the same chain with the weights kept as [oC, iC, 3, 3]
 *       and reordered by DirectConv on every forward / backward-data call (the first slice's way);</li>
 *   <li>{@code DL4J}: the same layers as a DL4J graph ({@link StemAndBlockGraph}) trained by
 *       {@code fit} with DL4J's default helpers;</li>
 *   <li>{@code DL4J + our helpers}: that graph with the model's oneDNN helpers attached
 *       ({@code OneDnnHelpers.attach}, as {@code HrnetModel} does);</li>
 *   <li>the same with the model's in-place ReLU and sum vertices instead of DL4J's ActivationLayer
 *       and ElementWiseVertex: the closest to {@code HrnetModel}'s graph.</li>
 * </ul>
 * Prints per path the medians of wall time, process CPU time (all threads) and the calling thread's
 * CPU time per step, and for {@code own} the split into forward, backward and update.
 *
 * <pre>
 * OwnStepBenchmark HEIGHT WIDTH BATCH [ROUNDS=15] [WARMUP=3]
 * </pre>
 * Run under {@code OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2} and with {@code --add-modules
 * jdk.incubator.vector} for the vector pixel kernel ({@code -Dhrnet.vectorPixels=false}: scalar).
 * {@code -Dbench.ownOnly=true} runs the two {@code own} paths alone (e.g. under {@code ONEDNN_VERBOSE=1},
 * to read its primitives' times).
 */
public final class OwnStepBenchmark {
  private static final float LR = 1e-3f;
  private static final double MOMENTUM = 0.1;

  private OwnStepBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length < 3 || args.length > 5) {
      System.err.println("usage: OwnStepBenchmark HEIGHT WIDTH BATCH [ROUNDS=15] [WARMUP=3]");
      System.exit(2);
    }
    int height = Integer.parseInt(args[0]);
    int width = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;

    StemAndBlockChain chain = new StemAndBlockChain(batch, height, width, MOMENTUM);
    chain.initialise(1);
    StemAndBlockChain plainWeights = new StemAndBlockChain(batch, height, width, MOMENTUM, false);
    plainWeights.initialise(1);
    ComputationGraph plain = StemAndBlockGraph.build(height, width, MOMENTUM, DataType.FLOAT, new Sgd(LR));
    ComputationGraph helped = StemAndBlockGraph.build(height, width, MOMENTUM, DataType.FLOAT, new Sgd(LR));
    int attached = OneDnnHelpers.attach(helped);
    ComputationGraph asModel = StemAndBlockGraph.build(height, width, MOMENTUM, DataType.FLOAT, new Sgd(LR), true);
    OneDnnHelpers.attach(asModel);

    Nd4j.getRandom().setSeed(0);
    INDArray input = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
    INDArray upstream = Nd4j.randn(DataType.FLOAT, batch, StemAndBlockChain.CHANNELS, (height + 3) / 4,
        (width + 3) / 4);
    NhwcArray upstreamLast = chain.outputGradient(upstream);
    NhwcArray upstreamPlain = plainWeights.outputGradient(upstream);
    MultiDataSet data = new MultiDataSet(new INDArray[]{input}, new INDArray[]{upstream});

    String[] names = {"own (channels last, DirectConv), weights in oneDNN's layout",
        "own, weights in DL4J's layout (reordered per call)", "DL4J fit, DL4J's helpers",
        "DL4J fit + our oneDNN helpers (" + attached + " layers)",
        "DL4J fit + our helpers + the model's in-place ReLU / sum vertices"};
    Runnable[] steps = {
        () -> {
          chain.setInput(input);
          chain.runForward();
          chain.runBackward(upstreamLast);
          chain.sgd(LR);
        },
        () -> {
          plainWeights.setInput(input);
          plainWeights.runForward();
          plainWeights.runBackward(upstreamPlain);
          plainWeights.sgd(LR);
        },
        () -> plain.fit(data),
        () -> helped.fit(data),
        () -> asModel.fit(data),
    };
    System.out.printf("stem + basic block, %dx%d batch %d; %s; Java passes %s; OMP_NUM_THREADS=%s;"
        + " fork-join parallelism %d; %d rounds after %d; load average before: %s%n", height, width, batch,
        Dnnl.version(), StemAndBlockChain.passKernel(),
        System.getenv("OMP_NUM_THREADS"), ForkJoinPool.getCommonPoolParallelism(), rounds, warmup, loadAverage());
    System.out.println("backward primitives' weight layouts against the forward's: " + chain.weightLayouts());

    if (Boolean.getBoolean("bench.ownOnly")) {
      names = Arrays.copyOf(names, 2);
      steps = Arrays.copyOf(steps, 2);
    }
    for (int i = 0; i < warmup; i++) {
      for (Runnable s : steps) {
        s.run();
      }
    }
    double[][][] samples = new double[steps.length][3][rounds];
    double[][] ownPhases = new double[3][rounds];
    for (int r = 0; r < rounds; r++) {
      // Each round starts one path later: no path always follows the same one (cache, heap state).
      for (int q = 0; q < steps.length; q++) {
        int p = (q + r) % steps.length;
        double[] t = timed(steps[p]);
        for (int k = 0; k < 3; k++) {
          samples[p][k][r] = t[k];
        }
      }
      // The own path's phases, as a separate step (the table's own row is the whole step).
      chain.setInput(input);
      ownPhases[0][r] = timed(chain::runForward)[0];
      ownPhases[1][r] = timed(() -> chain.runBackward(upstreamLast))[0];
      ownPhases[2][r] = timed(() -> chain.sgd(LR))[0];
    }
    System.out.println();
    System.out.println("| path | step wall ms | process CPU ms | main-thread CPU ms |");
    System.out.println("|---|---|---|---|");
    for (int p = 0; p < steps.length; p++) {
      System.out.printf("| %s | %.1f | %.1f | %.1f |%n", names[p], median(samples[p][0]), median(samples[p][1]),
          median(samples[p][2]));
    }
    System.out.printf("%nown path by phase (wall ms, medians): forward %.1f, backward %.1f, SGD %.2f%n",
        median(ownPhases[0]), median(ownPhases[1]), median(ownPhases[2]));
    if (steps.length > 1) {
      System.out.printf("median over rounds of (kept − reordered weights) wall: %+.2f ms%n",
          pairedDifference(samples[0][0], samples[1][0]));
    }
    System.out.println("load average after: " + loadAverage());
  }

  /** Median of {@code a[r] − b[r]}: the two paths ran back to back in round r, under the same load. */
  static double pairedDifference(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int r = 0; r < a.length; r++) {
      d[r] = a[r] - b[r];
    }
    return median(d);
  }

  /** {wall ms, process CPU ms, this thread's CPU ms} of one run. */
  static double[] timed(Runnable work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = processCpuNanos();
    long thread0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    work.run();
    long t1 = System.nanoTime();
    return new double[]{(t1 - t0) / 1e6, (processCpuNanos() - cpu0) / 1e6,
        (threads.getCurrentThreadCpuTime() - thread0) / 1e6};
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
