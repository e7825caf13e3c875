package org.hrnetbeam.bench;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.loss.LossSettings;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.StageSpec;
import org.hrnetbeam.model.dnnl.Dnnl;
import org.hrnetbeam.model.onednn.OneDnnHelpers;
import org.hrnetbeam.model.ownstep.ChannelsLastHead;
import org.hrnetbeam.model.ownstep.ChannelsLastLoss;
import org.hrnetbeam.model.ownstep.HeadGraph;
import org.hrnetbeam.model.ownstep.NhwcArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One train step of HRNet's segmentation head plus the loss, from the last stage's branch outputs
 * (random, fixed) and random labels at the image size: forward, loss (the product's criterion:
 * cross-entropy with the Cityscapes class weights, or OHEM), backward to every head parameter and
 * every branch input, plain SGD. Paths, taking turns within each round (each round starting one
 * path later):
 * <ul>
 *   <li>{@code own}: {@link ChannelsLastHead} + {@link ChannelsLastLoss} (channels last, DirectConv,
 *       Java passes; the criterion on an NCHW copy of the logits);</li>
 *   <li>{@code DL4J fit}: {@link HeadGraph} ending in the product's {@code SegmentationLossLayer},
 *       with {@code OneDnnHelpers.attach}, as {@code HrnetModel}.</li>
 * </ul>
 * Prints medians of wall time, process CPU time and main-thread CPU time per step, the own step's
 * phases timed one by one, and the native bytes the own head holds. {@code -Dbench.ownOnly=true} runs
 * the own path alone (DL4J's graph is built but never run).
 *
 * <pre>
 * OwnHeadBenchmark VARIANT IMAGE_HEIGHT IMAGE_WIDTH BATCH [ROUNDS=15] [WARMUP=20] [LOSS=weighted|ohem]
 * </pre>
 * VARIANT as {@link HrnetVariants#NAMES} (stage-4 widths; 19 classes, align_corners false, BN
 * momentum 0.1). Run under {@code OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2} with
 * {@code --add-modules jdk.incubator.vector}.
 */
public final class OwnHeadBenchmark {
  private static final float LR = 1e-3f;
  private static final double MOMENTUM = 0.1;
  private static final int CLASSES = 19;
  private static final int IGNORE = 255;

  private OwnHeadBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length < 4 || args.length > 7) {
      System.err.println("usage: OwnHeadBenchmark VARIANT IMAGE_HEIGHT IMAGE_WIDTH BATCH [ROUNDS=15] [WARMUP=20]"
          + " [LOSS=weighted|ohem]");
      System.exit(2);
    }
    String variant = args[0];
    int imageHeight = Integer.parseInt(args[1]);
    int imageWidth = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 20;
    String lossKind = args.length > 6 ? args[6] : "weighted";
    if (!lossKind.equals("weighted") && !lossKind.equals("ohem")) {
      throw new IllegalArgumentException("LOSS must be weighted or ohem, got '" + lossKind + "'");
    }
    boolean alignCorners = false;
    HrnetSpec spec = HrnetVariants.spec(variant, CLASSES, alignCorners, MOMENTUM);
    StageSpec last = spec.stages().get(3);
    int n = last.numBranches();
    int[] channels = new int[n];
    int[] heights = new int[n];
    int[] widths = new int[n];
    int h = halve(halve(imageHeight));
    int w = halve(halve(imageWidth));
    for (int b = 0; b < n; b++) {
      channels[b] = last.outputChannels(b);
      heights[b] = h;
      widths[b] = w;
      h = halve(h);
      w = halve(w);
    }
    // OHEM as the reference's Cityscapes configs: threshold 0.9, keep 131072.
    LossSettings settings = new LossSettings(IGNORE, alignCorners, LossSettings.CITYSCAPES_WEIGHTS,
        lossKind.equals("ohem"), 0.9, 131072);

    ChannelsLastHead own = ChannelsLastHead.of(spec, batch, imageHeight, imageWidth);
    own.initialise(1);
    ChannelsLastLoss ownLoss = new ChannelsLastLoss(settings.criterion(), own.logits());
    ComputationGraph asModel = HeadGraph.build(channels, heights, widths, CLASSES, spec.finalConvKernel(),
        alignCorners, MOMENTUM, DataType.FLOAT, new Sgd(LR), false, settings.layer());
    int attached = OneDnnHelpers.attach(asModel);

    Nd4j.getRandom().setSeed(0);
    INDArray[] x = new INDArray[n];
    NhwcArray[] xOwn = new NhwcArray[n];
    for (int b = 0; b < n; b++) {
      x[b] = Nd4j.randn(DataType.FLOAT, batch, channels[b], heights[b], widths[b]);
      xOwn[b] = NhwcArray.fromNchw(x[b]);
    }
    INDArray labels = labels(new Random(3), batch, imageHeight, imageWidth);
    MultiDataSet data = new MultiDataSet(x, new INDArray[]{labels});

    String[] names = {"own ChannelsLastHead + ChannelsLastLoss (channels last, DirectConv, Java passes)",
        "DL4J fit + our oneDNN helpers (" + attached + " layers) + the model's vertices and loss layer (as HrnetModel)"};
    Runnable ownStep = () -> {
      own.forward(xOwn);
      ownLoss.compute(own.logits(), labels);
      own.backward(ownLoss.gradient());
      own.sgd(LR);
    };
    Runnable[] steps = Boolean.getBoolean("bench.ownOnly") ? new Runnable[]{ownStep}
        : new Runnable[]{ownStep, () -> asModel.fit(data)};
    System.out.printf("%s head + %s loss, branches %s channels at %s x %s (image %dx%d), batch %d, %d classes,"
        + " align_corners %b; %s; OMP_NUM_THREADS=%s; fork-join parallelism %d; %d rounds after %d;"
        + " load average before: %s%n", variant, lossKind, java.util.Arrays.toString(channels),
        java.util.Arrays.toString(heights), java.util.Arrays.toString(widths), imageHeight, imageWidth, batch, CLASSES,
        alignCorners, Dnnl.version(), System.getenv("OMP_NUM_THREADS"), ForkJoinPool.getCommonPoolParallelism(),
        rounds, warmup, StepTiming.loadAverage());
    for (int i = 0; i < warmup; i++) {
      for (Runnable s : steps) {
        s.run();
      }
    }
    double[][][] samples = new double[steps.length][3][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int q = 0; q < steps.length; q++) {
        int p = (q + r) % steps.length;
        double[] t = StepTiming.timed(steps[p]);
        for (int k = 0; k < 3; k++) {
          samples[p][k][r] = t[k];
        }
      }
    }
    System.out.println();
    System.out.println("| path | step wall ms | process CPU ms | main-thread CPU ms |");
    System.out.println("|---|---|---|---|");
    for (int p = 0; p < steps.length; p++) {
      System.out.printf("| %s | %.1f | %.1f | %.1f |%n", names[p], StepTiming.median(samples[p][0]),
          StepTiming.median(samples[p][1]), StepTiming.median(samples[p][2]));
    }
    double[][] phases = new double[4][rounds];
    for (int r = 0; r < rounds; r++) {
      phases[0][r] = StepTiming.timed(() -> own.forward(xOwn))[0];
      phases[1][r] = StepTiming.timed(() -> ownLoss.compute(own.logits(), labels))[0];
      phases[2][r] = StepTiming.timed(() -> own.backward(ownLoss.gradient()))[0];
      phases[3][r] = StepTiming.timed(() -> own.sgd(LR))[0];
    }
    System.out.printf("own phases, median wall ms: head forward %.2f, loss (copies + criterion) %.2f, head backward"
        + " %.2f, SGD %.2f; own head native bytes %.1f MiB%n", StepTiming.median(phases[0]),
        StepTiming.median(phases[1]), StepTiming.median(phases[2]), StepTiming.median(phases[3]),
        own.nativeBytes() / (1024.0 * 1024.0));
    System.out.println("load average after: " + StepTiming.loadAverage());
  }

  /** [n, h, w] labels in [0, CLASSES) with about a tenth of the pixels ignored. */
  private static INDArray labels(Random random, int n, int h, int w) {
    float[] v = new float[n * h * w];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextInt(10) == 0 ? IGNORE : random.nextInt(CLASSES);
    }
    return Nd4j.createFromArray(v).reshape(n, h, w);
  }

  /** Output size of a 3×3 stride-2 convolution with padding 1. */
  private static int halve(int size) {
    return (size + 2 - 3) / 2 + 1;
  }
}
