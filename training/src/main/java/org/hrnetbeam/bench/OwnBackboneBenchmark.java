package org.hrnetbeam.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.dnnl.Dnnl;
import org.hrnetbeam.model.onednn.OneDnnHelpers;
import org.hrnetbeam.model.ownstep.BackboneGraph;
import org.hrnetbeam.model.ownstep.ChannelsLastBackbone;
import org.hrnetbeam.model.ownstep.NhwcArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One train step of HRNet's whole backbone (stem to the last stage's branch outputs, no head, no
 * loss): forward, backward from fixed random gradients of every branch output, plain SGD. Paths,
 * taking turns within each round (each round starting one path later):
 * <ul>
 *   <li>{@code own}: {@link ChannelsLastBackbone} (channels last, DirectConv, Java passes);</li>
 *   <li>{@code DL4J fit}: the product's graph with its head cut off ({@link BackboneGraph}) with
 *       {@code OneDnnHelpers.attach}, as {@code HrnetModel} trains it (skipped with {@code DL4J=false}).</li>
 * </ul>
 * Prints medians of wall time, process CPU time and main-thread CPU time per step, and the native
 * bytes the own backbone holds after its steps ({@link ChannelsLastBackbone#nativeBytes()}, with a
 * breakdown). With {@code ROUNDS=0} nothing is stepped: only the backbone's bytes before any step
 * are printed (the oneDNN-layout weight copies, made on the first step, are then not included).
 *
 * <pre>
 * OwnBackboneBenchmark VARIANT IMAGE_HEIGHT IMAGE_WIDTH BATCH [ROUNDS=11] [WARMUP=3] [DL4J=true]
 * </pre>
 * {@code DL4J}: {@code true} both paths taking turns, {@code false} own only, {@code only} DL4J only
 * (taking turns slows each path: the other's memory traffic evicts its caches, so both alone too).
 * Run under {@code OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2} with {@code --add-modules jdk.incubator.vector}.
 */
public final class OwnBackboneBenchmark {
  private static final float LR = 1e-3f;
  private static final double MOMENTUM = 0.1;
  private static final double MIB = 1 << 20;

  private OwnBackboneBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length < 4 || args.length > 7) {
      System.err.println("usage: OwnBackboneBenchmark VARIANT IMAGE_HEIGHT IMAGE_WIDTH BATCH [ROUNDS=11] [WARMUP=3]"
          + " [DL4J=true|false|only]");
      System.exit(2);
    }
    String variant = args[0];
    int height = Integer.parseInt(args[1]);
    int width = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 11;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    String dl4j = args.length > 6 ? args[6] : "true";
    if (!List.of("true", "false", "only").contains(dl4j)) {
      throw new IllegalArgumentException("DL4J must be true, false or only, got '" + dl4j + "'");
    }
    boolean withDl4j = !dl4j.equals("false");
    boolean withOwn = !dl4j.equals("only");
    HrnetSpec spec = HrnetVariants.spec(variant, 19, false, MOMENTUM);

    long t0 = System.nanoTime();
    ChannelsLastBackbone own = new ChannelsLastBackbone(spec, batch, height, width);
    double buildMs = (System.nanoTime() - t0) / 1e6;
    own.initialise(1);
    System.out.printf("%s backbone (%d conv+BN units), image %dx%d, batch %d, branch outputs %s; built in %.0f ms;"
        + " %s; OMP_NUM_THREADS=%s; fork-join parallelism %d; %d rounds after %d; load average before: %s%n",
        variant, own.unitCount(), height, width, batch, own.outputShapes(), buildMs, Dnnl.version(),
        System.getenv("OMP_NUM_THREADS"), ForkJoinPool.getCommonPoolParallelism(), rounds, warmup,
        StepTiming.loadAverage());
    if (rounds == 0) {
      printMemory(own, "before any step");
      return;
    }

    Nd4j.getRandom().setSeed(0);
    INDArray x = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
    NhwcArray input = NhwcArray.fromNchw(x);
    int branches = own.branches();
    INDArray[] upstream = new INDArray[branches];
    List<NhwcArray> gradients = new ArrayList<>();
    for (int b = 0; b < branches; b++) {
      upstream[b] = Nd4j.randn(DataType.FLOAT, own.outputShape(b));
      gradients.add(NhwcArray.fromNchw(upstream[b]));
    }
    List<Runnable> steps = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (withOwn) {
      names.add("own ChannelsLastBackbone (channels last, DirectConv, Java passes)");
      steps.add(() -> {
        own.forward(input);
        own.backward(gradients);
        own.sgd(LR);
      });
    }
    if (withDl4j) {
      ComputationGraph asModel = BackboneGraph.build(spec, DataType.FLOAT, new Sgd(LR));
      int attached = OneDnnHelpers.attach(asModel);
      MultiDataSet data = new MultiDataSet(new INDArray[]{x}, upstream);
      names.add("DL4J fit of HrnetGraphBuilder's graph without head + our oneDNN helpers (" + attached
          + " layers), as HrnetModel");
      steps.add(() -> asModel.fit(data));
    }
    for (int i = 0; i < warmup; i++) {
      for (Runnable s : steps) {
        s.run();
      }
    }
    double[][][] samples = new double[steps.size()][3][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int q = 0; q < steps.size(); q++) {
        int p = (q + r) % steps.size();
        double[] t = StepTiming.timed(steps.get(p));
        for (int k = 0; k < 3; k++) {
          samples[p][k][r] = t[k];
        }
      }
    }
    System.out.println();
    System.out.println("| path | step wall ms | process CPU ms | main-thread CPU ms |");
    System.out.println("|---|---|---|---|");
    for (int p = 0; p < steps.size(); p++) {
      System.out.printf("| %s | %.1f | %.1f | %.1f |%n", names.get(p), StepTiming.median(samples[p][0]),
          StepTiming.median(samples[p][1]), StepTiming.median(samples[p][2]));
    }
    if (!withOwn) {
      System.out.println("load average after: " + StepTiming.loadAverage());
      return;
    }
    double[][] phases = new double[3][rounds];
    for (int r = 0; r < rounds; r++) {
      phases[0][r] = StepTiming.timed(() -> own.forward(input))[0];
      phases[1][r] = StepTiming.timed(() -> own.backward(gradients))[0];
      phases[2][r] = StepTiming.timed(() -> own.sgd(LR))[0];
    }
    System.out.printf("own backbone phases, median wall ms: forward %.1f, backward %.1f, SGD %.2f%n",
        StepTiming.median(phases[0]), StepTiming.median(phases[1]), StepTiming.median(phases[2]));
    printMemory(own, "after the steps");
    System.out.println("load average after: " + StepTiming.loadAverage());
  }

  private static void printMemory(ChannelsLastBackbone own, String when) {
    System.out.printf("own backbone memory %s: native %.1f MiB (%s); Java-heap resize scratch %.1f MiB;"
        + " process %s%n", when, own.nativeBytes() / MIB, own.memoryBreakdown(), own.heapBytes() / MIB, residentSet());
  }

  /** The process's resident set now and at its peak, from /proc/self/status (Linux). */
  private static String residentSet() {
    try {
      String rss = "?";
      String peak = "?";
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = line.substring(6).trim();
        } else if (line.startsWith("VmHWM:")) {
          peak = line.substring(6).trim();
        }
      }
      return "RSS " + rss + ", peak RSS " + peak;
    } catch (java.io.IOException e) {
      return "RSS unknown (" + e.getMessage() + ")";
    }
  }
}
