package org.hrnetbeam.bench;

import java.util.concurrent.ForkJoinPool;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.StageSpec;
import org.hrnetbeam.model.dnnl.Dnnl;
import org.hrnetbeam.model.onednn.OneDnnHelpers;
import org.hrnetbeam.model.ownstep.FuseLayer;
import org.hrnetbeam.model.ownstep.FuseLayerGraph;
import org.hrnetbeam.model.ownstep.NhwcArray;
import org.hrnetbeam.model.ownstep.TransitionGraph;
import org.hrnetbeam.model.ownstep.TransitionLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One train step of a whole W18-small-v1 fuse layer of stage 2, 3 or 4 (widths from
 * {@link HrnetVariants}; branch b at 1/2^(b+2) of the image, each a 3×3 stride-2 convolution of the
 * one before): forward, backward from fixed gradients of every output (no loss), plain SGD; and the
 * same for the transition layer into that stage. Paths, taking turns within each round (each round
 * starting one path later):
 * <ul>
 *   <li>{@code own}: {@link FuseLayer} (channels last, DirectConv, weights kept in oneDNN's layout);</li>
 *   <li>{@code DL4J fit}: {@link FuseLayerGraph} (DL4J's conv and BN layers, the model's resize,
 *       in-place sum and ReLU vertices) with {@code OneDnnHelpers.attach}, as {@code HrnetModel}.</li>
 *   <li>the transition into the stage: {@link TransitionLayer}, and {@link TransitionGraph} through
 *       DL4J's {@code fit} with our helpers.</li>
 * </ul>
 * Prints medians of wall time, process CPU time and main-thread CPU time per step, and the own
 * step's phases timed one by one.
 *
 * <pre>
 * OwnFuseLayerBenchmark IMAGE_HEIGHT IMAGE_WIDTH BATCH [STAGE=3] [ROUNDS=15] [WARMUP=50] [ALIGN_CORNERS=false]
 * </pre>
 * Run under {@code OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2} with {@code --add-modules jdk.incubator.vector}.
 */
public final class OwnFuseLayerBenchmark {
  private static final float LR = 1e-3f;
  private static final double MOMENTUM = 0.1;

  private OwnFuseLayerBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length < 3 || args.length > 7) {
      System.err.println("usage: OwnFuseLayerBenchmark IMAGE_HEIGHT IMAGE_WIDTH BATCH [STAGE=3] [ROUNDS=15]"
          + " [WARMUP=50] [ALIGN_CORNERS=false]");
      System.exit(2);
    }
    int imageHeight = Integer.parseInt(args[0]);
    int imageWidth = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int stage = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 15;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 50;
    boolean alignCorners = args.length > 6 && Boolean.parseBoolean(args[6]);
    if (stage < 2 || stage > 4) {
      throw new IllegalArgumentException("STAGE must be 2, 3 or 4 (a stage with a fuse layer), got " + stage);
    }
    StageSpec spec = HrnetVariants.spec("w18_small_v1", 19, alignCorners, MOMENTUM).stages().get(stage - 1);
    int n = spec.numBranches();
    int[] channels = new int[n];
    int[] heights = new int[n];
    int[] widths = new int[n];
    // The stem's two 3×3 stride-2 convolutions give branch 0; each transition one more for the next.
    int h = halve(halve(imageHeight));
    int w = halve(halve(imageWidth));
    for (int b = 0; b < n; b++) {
      channels[b] = spec.outputChannels(b);
      heights[b] = h;
      widths[b] = w;
      h = halve(h);
      w = halve(w);
    }

    FuseLayer own = new FuseLayer(batch, channels, heights, widths, alignCorners, MOMENTUM, true);
    own.initialise(1);
    ComputationGraph asModel = FuseLayerGraph.build(channels, heights, widths, alignCorners, MOMENTUM,
        DataType.FLOAT, new Sgd(LR));
    int attached = OneDnnHelpers.attach(asModel);

    Nd4j.getRandom().setSeed(0);
    INDArray[] x = new INDArray[n];
    INDArray[] upstream = new INDArray[n];
    NhwcArray[] ownGradients = new NhwcArray[n];
    for (int b = 0; b < n; b++) {
      x[b] = Nd4j.randn(DataType.FLOAT, batch, channels[b], heights[b], widths[b]);
      upstream[b] = Nd4j.randn(DataType.FLOAT, batch, channels[b], heights[b], widths[b]);
      ownGradients[b] = own.outputGradient(b, upstream[b]);
    }
    MultiDataSet data = new MultiDataSet(x, upstream);

    // The transition into this stage: the previous stage's branches (stage 1: one, at branch 0's size).
    StageSpec before = HrnetVariants.spec("w18_small_v1", 19, alignCorners, MOMENTUM).stages().get(stage - 2);
    int previousCount = before.numBranches();
    int[] previousChannels = new int[previousCount];
    for (int b = 0; b < previousCount; b++) {
      previousChannels[b] = before.outputChannels(b);
    }
    int[] previousHeights = java.util.Arrays.copyOf(heights, previousCount);
    int[] previousWidths = java.util.Arrays.copyOf(widths, previousCount);
    TransitionLayer ownTransition = new TransitionLayer(batch, previousChannels, previousHeights, previousWidths,
        channels, MOMENTUM, true);
    ownTransition.initialise(2);
    ComputationGraph transitionAsModel = TransitionGraph.build(previousChannels, previousHeights, previousWidths,
        channels, MOMENTUM, DataType.FLOAT, new Sgd(LR));
    int transitionAttached = OneDnnHelpers.attach(transitionAsModel);
    INDArray[] previousX = new INDArray[previousCount];
    for (int b = 0; b < previousCount; b++) {
      previousX[b] = Nd4j.randn(DataType.FLOAT, batch, previousChannels[b], heights[b], widths[b]);
    }
    NhwcArray[] transitionGradients = new NhwcArray[n];
    for (int b = 0; b < n; b++) {
      transitionGradients[b] = ownTransition.outputGradient(b, upstream[b]);
    }
    MultiDataSet transitionData = new MultiDataSet(previousX, upstream);
    Runnable setInputs = () -> {
      for (int b = 0; b < n; b++) {
        own.setInput(b, x[b]);
      }
    };

    String[] names = {"own FuseLayer (channels last, DirectConv, Java passes)",
        "DL4J fit + our oneDNN helpers (" + attached + " layers) + the model's vertices (as HrnetModel)",
        "transition into the stage, own TransitionLayer",
        "transition into the stage, DL4J fit + our oneDNN helpers (" + transitionAttached + " layers) + the model's"
            + " ReLU vertex"};
    Runnable[] steps = {
        () -> {
          setInputs.run();
          own.forward();
          own.backward(ownGradients);
          own.sgd(LR);
        },
        () -> asModel.fit(data),
        () -> {
          for (int b = 0; b < previousCount; b++) {
            ownTransition.setInput(b, previousX[b]);
          }
          ownTransition.forward();
          ownTransition.backward(transitionGradients);
          ownTransition.sgd(LR);
        },
        () -> transitionAsModel.fit(transitionData),
    };
    System.out.printf("W18-small-v1 stage-%d fuse layer, branches %s channels at %s x %s (image %dx%d), batch %d,"
        + " align_corners %b; %s; OMP_NUM_THREADS=%s; fork-join parallelism %d; %d rounds after %d;"
        + " load average before: %s%n", stage, java.util.Arrays.toString(channels), java.util.Arrays.toString(heights),
        java.util.Arrays.toString(widths), imageHeight, imageWidth, batch, alignCorners, Dnnl.version(),
        System.getenv("OMP_NUM_THREADS"), ForkJoinPool.getCommonPoolParallelism(), rounds, warmup,
        StepTiming.loadAverage());
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
      phases[0][r] = StepTiming.timed(setInputs)[0];
      phases[1][r] = StepTiming.timed(own::forward)[0];
      phases[2][r] = StepTiming.timed(() -> own.backward(ownGradients))[0];
      phases[3][r] = StepTiming.timed(() -> own.sgd(LR))[0];
    }
    System.out.printf("own fuse layer phases, median wall ms: NCHW inputs copied in %.2f, forward %.2f, backward %.2f,"
        + " SGD %.2f%n", StepTiming.median(phases[0]), StepTiming.median(phases[1]),
        StepTiming.median(phases[2]), StepTiming.median(phases[3]));
    System.out.println("load average after: " + StepTiming.loadAverage());
  }

  /** Output size of a 3×3 stride-2 convolution with padding 1. */
  private static int halve(int size) {
    return (size + 2 - 3) / 2 + 1;
  }
}
