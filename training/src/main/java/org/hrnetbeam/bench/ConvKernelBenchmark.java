package org.hrnetbeam.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.dnnl.ConvGeometry;
import org.hrnetbeam.model.dnnl.DirectConv;
import org.hrnetbeam.model.dnnl.Dnnl;
import org.hrnetbeam.model.dnnl.Scratch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Times the convolutions of one train step of a model, kernel by kernel, three ways:
 * <ul>
 *   <li>{@code libnd4j}: the {@code conv2d} / {@code conv2d_bp} ops as the model runs them today
 *       ({@code OneDnnConvHelper} forward into a channels-last output when batch norms are the only
 *       readers, DL4J's helper's backward with dense NCHW gradients);</li>
 *   <li>{@code direct}: {@link DirectConv} with the same array layouts the model has (dense NCHW
 *       inputs and gradients, so it reorders them: the input in the forward and again in the
 *       backward pass, the output gradient once for both backward passes, the input gradient back);</li>
 *   <li>{@code direct, dy CL}: as {@code direct}, but the output gradient arrives channels last (as
 *       it would if the batch norm's backward pass wrote it so);</li>
 *   <li>{@code direct nhwc}: {@link DirectConv} with every activation and gradient already channels
 *       last (no reorders of activations at all): the bound a channels-last graph would reach.</li>
 * </ul>
 * The geometries are read from the built graph ({@link ConvLayers}); each distinct one is timed once
 * and counted as often as it occurs. One forward, one backward (data and weights) per layer make a
 * train step. Also checks the direct results against libnd4j's.
 *
 * <pre>
 * ConvKernelBenchmark VARIANT HEIGHT WIDTH BATCH [ITERATIONS=5] [WARMUP=2]
 * </pre>
 * Threads: run it under {@code OMP_NUM_THREADS=1} and {@code =2} (both libnd4j's and the preset's
 * oneDNN read it). Each geometry's arrays are reused from call to call, so by default they sit in
 * the CPU caches; {@code -Dbench.evictMiB=N} writes N MiB before every timed call to push them out,
 * as a train step's working set does. Caveat (docs/PERFORMANCE.md): in some runs libnd4j's reorders
 * ran several times slower per call here than inside a train step, and the {@code libnd4j} rows then
 * overstate what the direct path saves; compare the paths in the model before acting on this table.
 */
public final class ConvKernelBenchmark {
  private ConvKernelBenchmark() {
  }

  private static final String[] PATHS = {"libnd4j", "direct", "direct, dy CL", "direct nhwc"};

  public static void main(String[] args) {
    Optional<BenchmarkArgs> parsed = BenchmarkArgs.parse("ConvKernelBenchmark", args, () -> { });
    if (parsed.isEmpty()) {
      return;
    }
    BenchmarkArgs a = parsed.get();
    HrnetSpec spec = HrnetVariants.spec(a.variant(), 19, false, 0.1);
    HrnetModel model = HrnetModel.create(spec, 0, new Sgd(0.01));
    List<ConvLayers.Layer> layers = ConvLayers.of(model.graph().getConfiguration(), a.batch(), a.height(), a.width());
    Map<ConvLayers.Layer, Integer> distinct = new LinkedHashMap<>();
    for (ConvLayers.Layer l : layers) {
      distinct.merge(new ConvLayers.Layer("", l.geometry(), l.feedsOnlyBatchNorm()), 1, Integer::sum);
    }
    System.out.printf("%s %dx%d batch %d: %d conv layers, %d distinct; %s; OMP_NUM_THREADS=%s; %d iterations after %d;"
        + " caches evicted before each call: %s%n", a.variant(), a.height(), a.width(), a.batch(), layers.size(),
        distinct.size(), Dnnl.version(), System.getenv("OMP_NUM_THREADS"), a.iterations(), a.warmup(),
        EVICT == null ? "no" : Integer.getInteger("bench.evictMiB") + " MiB");

    // kind → path → {fwd wall, bwd wall, fwd cpu, bwd cpu, layers}
    Map<String, double[][]> kinds = new TreeMap<>();
    double worst = 0;
    List<String> impls = new ArrayList<>();
    for (Map.Entry<ConvLayers.Layer, Integer> e : distinct.entrySet()) {
      ConvGeometry g = e.getKey().geometry();
      int count = e.getValue();
      Kernels k = new Kernels(g, e.getKey().feedsOnlyBatchNorm());
      double[][] t = k.time(a);
      double err = k.compare();
      worst = Math.max(worst, err);
      impls.add(String.format("| %s | %d | %s | %s | %.1e |", g, count, e.getKey().feedsOnlyBatchNorm() ? "yes" : "no",
          k.direct.implementations(), err));
      double[][] sum = kinds.computeIfAbsent(kind(g), x -> new double[PATHS.length][5]);
      for (int p = 0; p < PATHS.length; p++) {
        for (int i = 0; i < 4; i++) {
          sum[p][i] += count * t[p][i];
        }
        sum[p][4] += count;
      }
    }

    System.out.println();
    System.out.println("| geometry (N×C×H×W → C×H×W) | layers | output to BN only | direct path's oneDNN kernels | max rel. diff vs libnd4j |");
    System.out.println("| --- | --- | --- | --- | --- |");
    impls.forEach(System.out::println);
    System.out.println();
    String format = "| %-14s | %6s | %-11s | %8s | %8s | %12s | %12s |%n";
    System.out.printf(format, "kind", "layers", "path", "fwd ms", "bwd ms", "step wall ms", "step CPU ms");
    System.out.printf(format, "---", "---", "---", "---", "---", "---", "---");
    double[][] total = new double[PATHS.length][5];
    for (Map.Entry<String, double[][]> e : kinds.entrySet()) {
      for (int p = 0; p < PATHS.length; p++) {
        double[] s = e.getValue()[p];
        printRow(format, e.getKey(), s, PATHS[p]);
        for (int i = 0; i < 5; i++) {
          total[p][i] += s[i];
        }
      }
    }
    for (int p = 0; p < PATHS.length; p++) {
      printRow(format, "all (one step)", total[p], PATHS[p]);
    }
    System.out.printf("%nlargest relative difference of the direct results from libnd4j's: %.2e%n", worst);
  }

  private static void printRow(String format, String kind, double[] s, String path) {
    System.out.printf(format, kind, String.format("%.0f", s[4]), path, String.format("%.1f", s[0]),
        String.format("%.1f", s[1]), String.format("%.1f", s[0] + s[1]), String.format("%.1f", s[2] + s[3]));
  }

  private static String kind(ConvGeometry g) {
    return g.kernelH() + "x" + g.kernelW() + " s" + g.strideH() + (g.inChannels() == 3 ? " (stem)" : "")
        + (g.bias() ? " +bias" : "");
  }

  /** One geometry's arrays and the three ways of running its forward and backward passes. */
  private static final class Kernels {
    final ConvGeometry g;
    final boolean channelsLastOutput;
    final DirectConv direct;
    final INDArray x;
    final INDArray w;
    final INDArray b;
    final INDArray dy;
    final INDArray[] results = new INDArray[8];

    Kernels(ConvGeometry g, boolean channelsLastOutput) {
      this.g = g;
      this.channelsLastOutput = channelsLastOutput;
      this.direct = new DirectConv(g);
      Nd4j.getRandom().setSeed(g.hashCode());
      x = Nd4j.randn(DataType.FLOAT, g.inputShape());
      w = Nd4j.randn(DataType.FLOAT, g.weightShape()).muli(Math.sqrt(2.0 / (g.inChannels() * g.kernelH() * g.kernelW())));
      b = g.bias() ? Nd4j.randn(DataType.FLOAT, g.outChannels()) : null;
      dy = Nd4j.randn(DataType.FLOAT, g.outputShape());
    }

    /**
     * {fwd wall ms, bwd wall ms, fwd CPU ms, bwd CPU ms} per path (the order of {@link #PATHS}); the
     * paths take turns within each iteration, so that a change in the machine's load hits all alike.
     */
    double[][] time(BenchmarkArgs a) {
      Runnable[][] ops = {libnd4j(), direct(false, false), direct(false, true), direct(true, true)};
      double[][] wall = new double[ops.length * 2][a.iterations()];
      double[] cpu = new double[ops.length * 2];
      for (int it = -a.warmup(); it < a.iterations(); it++) {
        for (int p = 0; p < ops.length; p++) {
          for (int pass = 0; pass < 2; pass++) {
            evictCaches();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            ops[p][pass].run();
            if (it >= 0) {
              wall[p * 2 + pass][it] = (System.nanoTime() - t0) / 1e6;
              cpu[p * 2 + pass] += (cpuNanos() - c0) / 1e6 / a.iterations();
            }
          }
        }
      }
      double[][] t = new double[ops.length][];
      for (int p = 0; p < ops.length; p++) {
        t[p] = new double[]{median(wall[p * 2]), median(wall[p * 2 + 1]), cpu[p * 2], cpu[p * 2 + 1]};
      }
      return t;
    }

    /** {forward, backward} as the model runs them today. */
    private Runnable[] libnd4j() {
      INDArray y = output(channelsLastOutput);
      INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, g.inputShape(), 'c');
      INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, g.weightShape(), 'c');
      INDArray db = g.bias() ? Nd4j.createUninitialized(DataType.FLOAT, g.outChannels()) : null;
      results[0] = y;
      results[1] = dx;
      results[2] = dw;
      results[3] = db;
      return new Runnable[]{() -> Nd4j.exec(libnd4jForward(y)), () -> Nd4j.exec(libnd4jBackward(dx, dw, db))};
    }

    /** {forward, backward} through {@link DirectConv}, with the model's layouts or more arrays channels last. */
    private Runnable[] direct(boolean allChannelsLast, boolean dyChannelsLast) {
      INDArray xIn = allChannelsLast ? channelsLastCopy(x) : x;
      INDArray dyIn = dyChannelsLast ? channelsLastCopy(dy) : dy;
      INDArray y = output(allChannelsLast || channelsLastOutput);
      INDArray dx = allChannelsLast ? channelsLastCopy(Nd4j.zeros(DataType.FLOAT, g.inputShape()))
          : Nd4j.createUninitialized(DataType.FLOAT, g.inputShape(), 'c');
      INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, g.weightShape(), 'c');
      INDArray db = g.bias() ? Nd4j.createUninitialized(DataType.FLOAT, g.outChannels()) : null;
      ReusedScratch scratch = new ReusedScratch();
      if (!allChannelsLast && !dyChannelsLast) {
        results[4] = y;
        results[5] = dx;
        results[6] = dw;
        results[7] = db;
      }
      // Each pass stages its own channels-last copies (scratch memory lives for one call only, as
      // DL4J's working-memory workspaces do); the backward stages the output gradient once for both.
      Runnable forward = () -> {
        scratch.reset();
        direct.forward(xIn, w, b, y, scratch);
      };
      Runnable backward = () -> {
        scratch.reset();
        INDArray dyStaged = direct.toChannelsLast(dyIn, scratch);
        INDArray xStaged = direct.toChannelsLast(xIn, scratch);
        direct.backwardData(w, dyStaged, dx, scratch);
        direct.backwardWeights(xStaged, dyStaged, dw, db, scratch);
      };
      return new Runnable[]{forward, backward};
    }

    /** Largest |direct − libnd4j| / max |libnd4j| over output, input gradient, weight and bias gradients. */
    double compare() {
      double worst = 0;
      for (int i = 0; i < 4; i++) {
        if (results[i] == null) {
          continue;
        }
        INDArray ref = results[i].dup('c');
        INDArray got = results[i + 4].dup('c');
        double scale = Math.max(ref.amaxNumber().doubleValue(), 1e-30);
        worst = Math.max(worst, ref.sub(got).amaxNumber().doubleValue() / scale);
      }
      return worst;
    }

    private INDArray output(boolean channelsLast) {
      return channelsLast
          ? Nd4j.createUninitialized(DataType.FLOAT, new long[]{g.batch(), g.outHeight(), g.outWidth(), g.outChannels()},
              'c').permute(0, 3, 1, 2)
          : Nd4j.createUninitialized(DataType.FLOAT, g.outputShape(), 'c');
    }

    private static INDArray channelsLastCopy(INDArray a) {
      INDArray c = Nd4j.createUninitialized(DataType.FLOAT, new long[]{a.size(0), a.size(2), a.size(3), a.size(1)}, 'c')
          .permute(0, 3, 1, 2);
      c.assign(a);
      return c;
    }

    /** As {@code OneDnnConvHelper.preOutput}: weights [oC, iC, kH, kW] (format 1). */
    private DynamicCustomOp libnd4jForward(INDArray y) {
      INDArray[] in = b == null ? new INDArray[]{x, w} : new INDArray[]{x, w, b};
      return DynamicCustomOp.builder("conv2d").addInputs(in).addOutputs(y).addIntegerArguments(g.kernelH(),
          g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft(), 1, 1, 0, 0, 1).build();
    }

    /** As DL4J's {@code MKLDNNConvHelper.backpropGradient}: weights as a [kH, kW, iC, oC] view. */
    private DynamicCustomOp libnd4jBackward(INDArray dx, INDArray dw, INDArray db) {
      INDArray wp = w.permute(2, 3, 1, 0);
      INDArray dwp = dw.permute(2, 3, 1, 0);
      INDArray[] in = b == null ? new INDArray[]{x, wp, dy} : new INDArray[]{x, wp, b, dy};
      INDArray[] out = db == null ? new INDArray[]{dx, dwp} : new INDArray[]{dx, dwp, db};
      return DynamicCustomOp.builder("conv2d_bp").addInputs(in).addOutputs(out).addIntegerArguments(g.kernelH(),
          g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft(), 1, 1, 0, 0).build();
    }
  }

  /**
   * Scratch arrays kept across iterations, as DL4J's workspaces keep theirs: the n-th request of a
   * shape after {@link #reset()} gets the same memory each time, so page faults of fresh
   * allocations are not timed.
   */
  private static final class ReusedScratch implements Scratch {
    private final List<INDArray> arrays = new ArrayList<>();
    private int next;

    @Override
    public INDArray floats(long... shape) {
      while (next < arrays.size() && !Arrays.equals(arrays.get(next).shape(), shape)) {
        arrays.remove(next);
      }
      if (next == arrays.size()) {
        arrays.add(Nd4j.createUninitialized(DataType.FLOAT, shape, 'c'));
      }
      return arrays.get(next++);
    }

    void reset() {
      next = 0;
    }
  }

  /**
   * With {@code -Dbench.evictMiB=N}, N MiB written before every timed call, so that the call reads
   * its arrays from memory as in a train step (whose working set is far larger than the caches)
   * instead of from a cache warmed by the previous iteration. Not timed.
   */
  private static final INDArray EVICT = Integer.getInteger("bench.evictMiB", 0) > 0
      ? Nd4j.create(DataType.FLOAT, Integer.getInteger("bench.evictMiB", 0) * 262144L) : null;

  private static void evictCaches() {
    if (EVICT != null) {
      EVICT.addi(1.0f);
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
