package org.hrnetbeam.bench;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.ResizeBilinearVertexImpl;
import org.hrnetbeam.model.dnnl.Dnnl;
import org.hrnetbeam.model.onednn.OneDnnHelpers;
import org.hrnetbeam.model.ownstep.ChannelsLastResize;
import org.hrnetbeam.model.ownstep.FuseGraph;
import org.hrnetbeam.model.ownstep.FuseUpStep;
import org.hrnetbeam.model.ownstep.NhwcArray;
import org.hrnetbeam.model.ownstep.FuseLayer;
import org.hrnetbeam.model.ownstep.FuseLayerGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One train step of W18-small-v1's stage-2 fuse path from branch 2 to branch 1 (32 → 16 channels,
 * low branch at 1/8, high at 1/4 of the image): 1×1 conv + BN on the low branch, bilinear upsample,
 * add to the high branch, ReLU; forward, backward from a fixed gradient of the output (no loss)
 * including both input gradients, plain SGD. Paths, taking turns within each round (each round
 * starting one path later):
 * <ul>
 *   <li>{@code own}: {@link FuseUpStep} (channels last, weights kept in oneDNN's layout);</li>
 *   <li>{@code DL4J fit + our oneDNN helpers}: {@link FuseGraph} with {@code OneDnnHelpers.attach}
 *       (DL4J's add and ReLU layers, the model's resize vertex);</li>
 *   <li>the upsample alone, forward + backward: the model's NCHW resize vertex (float32 two-tap
 *       path, allocating its outputs as it does without workspaces);</li>
 *   <li>{@code DL4J fit + our oneDNN helpers}, the graph with the model's in-place sum and ReLU
 *       vertices instead of DL4J's layers, as {@code HrnetGraphBuilder} builds a fuse;</li>
 *   <li>the upsample alone, forward + backward: {@link ChannelsLastResize} on arrays kept;</li>
 *   <li>the whole two-branch fuse layer (the path above plus the strided 3×3 conv + BN from branch 1
 *       into branch 2, both sums and ReLUs, both outputs' gradients given): {@link FuseLayer} with two
 *       branches, and {@link FuseLayerGraph} through DL4J's {@code fit} with our helpers.</li>
 * </ul>
 * Prints medians of wall time, process CPU time and main-thread CPU time per step, the own step's
 * median by the path that ran just before it, and its phases timed one by one.
 *
 * <p>Why 50 warm-up rounds by default: at these sizes a step is a few ms, and with 3 the own step's
 * Java passes were not yet compiled by the JIT during the timed rounds (9–15 ms against 3.5 ms once
 * compiled; the DL4J row 18 against 11).
 *
 * <pre>
 * OwnFuseBenchmark IMAGE_HEIGHT IMAGE_WIDTH BATCH [ROUNDS=15] [WARMUP=50] [ALIGN_CORNERS=false]
 * </pre>
 * Run under {@code OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2} with {@code --add-modules jdk.incubator.vector}.
 */
public final class OwnFuseBenchmark {
  private static final float LR = 1e-3f;
  private static final double MOMENTUM = 0.1;

  private OwnFuseBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length < 3 || args.length > 6) {
      System.err.println("usage: OwnFuseBenchmark IMAGE_HEIGHT IMAGE_WIDTH BATCH [ROUNDS=15] [WARMUP=50]"
          + " [ALIGN_CORNERS=false]");
      System.exit(2);
    }
    int imageHeight = Integer.parseInt(args[0]);
    int imageWidth = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    boolean alignCorners = args.length > 5 && Boolean.parseBoolean(args[5]);
    // The stem's two 3×3 stride-2 convolutions give branch 1; the transition's one more gives branch 2.
    int highH = halve(halve(imageHeight));
    int highW = halve(halve(imageWidth));
    int lowH = halve(highH);
    int lowW = halve(highW);
    List<Integer> widths = HrnetVariants.spec("w18_small_v1", 19, alignCorners, MOMENTUM).stages().get(1)
        .numChannels();
    int highC = widths.get(0);
    int lowC = widths.get(1);

    FuseUpStep own = new FuseUpStep(batch, highC, highH, highW, lowC, lowH, lowW, alignCorners, MOMENTUM, true);
    own.initialise(1);
    ComputationGraph helped = FuseGraph.build(highC, highH, highW, lowC, lowH, lowW, alignCorners, MOMENTUM,
        DataType.FLOAT, new Sgd(LR));
    int attached = OneDnnHelpers.attach(helped);
    ComputationGraph asModel = FuseGraph.build(highC, highH, highW, lowC, lowH, lowW, alignCorners, MOMENTUM,
        DataType.FLOAT, new Sgd(LR), true);
    OneDnnHelpers.attach(asModel);

    int[] layerChannels = {highC, lowC};
    int[] layerHeights = {highH, lowH};
    int[] layerWidths = {highW, lowW};
    FuseLayer ownLayer = new FuseLayer(batch, layerChannels, layerHeights, layerWidths, alignCorners, MOMENTUM, true);
    ownLayer.initialise(1);
    ComputationGraph layerAsModel = FuseLayerGraph.build(layerChannels, layerHeights, layerWidths, alignCorners,
        MOMENTUM, DataType.FLOAT, new Sgd(LR));
    OneDnnHelpers.attach(layerAsModel);

    Nd4j.getRandom().setSeed(0);
    INDArray high = Nd4j.randn(DataType.FLOAT, batch, highC, highH, highW);
    INDArray low = Nd4j.randn(DataType.FLOAT, batch, lowC, lowH, lowW);
    INDArray upstream = Nd4j.randn(DataType.FLOAT, batch, highC, highH, highW);
    var ownGradient = own.outputGradient(upstream);
    MultiDataSet data = new MultiDataSet(new INDArray[]{high, low}, new INDArray[]{upstream});
    INDArray lowFused = Nd4j.randn(DataType.FLOAT, batch, highC, lowH, lowW);
    GraphVertex resize = new ResizeBilinearVertexImpl(null, "up", 0, alignCorners, DataType.FLOAT);
    LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
    NhwcArray lowFusedNhwc = NhwcArray.fromNchw(lowFused);
    ChannelsLastResize ownResize = new ChannelsLastResize(lowFusedNhwc, highH, highW, alignCorners);
    NhwcArray ownResized = ownResize.newOutputShaped();
    NhwcArray ownResizeGradient = NhwcArray.fromNchw(upstream);
    NhwcArray ownResizeInputGradient = NhwcArray.fromNchw(lowFused);
    INDArray lowUpstream = Nd4j.randn(DataType.FLOAT, batch, lowC, lowH, lowW);
    NhwcArray layerHighGradient = ownLayer.outputGradient(0, upstream);
    NhwcArray layerLowGradient = ownLayer.outputGradient(1, lowUpstream);
    MultiDataSet layerData = new MultiDataSet(new INDArray[]{high, low}, new INDArray[]{upstream, lowUpstream});

    String[] names = {"own (channels last, DirectConv, Java passes)",
        "DL4J fit + our oneDNN helpers (" + attached + " layers) + the model's resize vertex",
        "the model's resize vertex alone, forward + backward",
        "DL4J fit + our oneDNN helpers + the model's resize, in-place sum and ReLU vertices (as HrnetModel)",
        "the own channels-last resize alone, forward + backward",
        "whole two-branch fuse layer, own (FuseLayer)",
        "whole two-branch fuse layer, DL4J fit + our helpers + the model's vertices (as HrnetModel)"};
    Runnable[] steps = {
        () -> {
          own.setInputs(high, low);
          own.forward();
          own.backward(ownGradient);
          own.sgd(LR);
        },
        () -> helped.fit(data),
        () -> {
          resize.setInputs(lowFused, upstream);
          resize.doForward(true, noWorkspaces);
          resize.setEpsilon(upstream);
          resize.doBackward(false, noWorkspaces);
        },
        () -> asModel.fit(data),
        () -> {
          ownResize.forward(lowFusedNhwc, ownResized);
          ownResize.backward(ownResizeGradient, ownResizeInputGradient);
        },
        () -> {
          ownLayer.setInput(0, high);
          ownLayer.setInput(1, low);
          ownLayer.forward();
          ownLayer.backward(layerHighGradient, layerLowGradient);
          ownLayer.sgd(LR);
        },
        () -> layerAsModel.fit(layerData),
    };
    System.out.printf("W18-small-v1 stage-2 fuse %d@%dx%d -> %d@%dx%d (image %dx%d), batch %d, align_corners %b; %s;"
        + " OMP_NUM_THREADS=%s; fork-join parallelism %d; %d rounds after %d; load average before: %s%n",
        lowC, lowH, lowW, highC, highH, highW, imageHeight, imageWidth, batch, alignCorners, Dnnl.version(),
        System.getenv("OMP_NUM_THREADS"), ForkJoinPool.getCommonPoolParallelism(), rounds, warmup,
        OwnStepBenchmark.loadAverage());
    for (int i = 0; i < warmup; i++) {
      for (Runnable s : steps) {
        s.run();
      }
    }
    double[][][] samples = new double[steps.length][3][rounds];
    // ownAfter[p]: the own step's wall times in rounds where path p ran just before it.
    List<List<Double>> ownAfter = new java.util.ArrayList<>();
    for (int p = 0; p < steps.length; p++) {
      ownAfter.add(new java.util.ArrayList<>());
    }
    int previous = -1;
    for (int r = 0; r < rounds; r++) {
      for (int q = 0; q < steps.length; q++) {
        int p = (q + r) % steps.length;
        double[] t = OwnStepBenchmark.timed(steps[p]);
        for (int k = 0; k < 3; k++) {
          samples[p][k][r] = t[k];
        }
        if (p == 0 && previous >= 0) {
          ownAfter.get(previous).add(t[0]);
        }
        previous = p;
      }
    }
    System.out.println();
    System.out.println("| path | step wall ms | process CPU ms | main-thread CPU ms |");
    System.out.println("|---|---|---|---|");
    for (int p = 0; p < steps.length; p++) {
      System.out.printf("| %s | %.1f | %.1f | %.1f |%n", names[p], OwnStepBenchmark.median(samples[p][0]),
          OwnStepBenchmark.median(samples[p][1]), OwnStepBenchmark.median(samples[p][2]));
    }
    for (int p = 0; p < steps.length; p++) {
      double[] after = ownAfter.get(p).stream().mapToDouble(Double::doubleValue).toArray();
      if (after.length > 0) {
        System.out.printf("own step right after \"%s\": median wall %.1f ms over %d rounds%n", names[p],
            OwnStepBenchmark.median(after), after.length);
      }
    }
    // Where the own step's time goes: the same step again, its phases timed one by one.
    double[][] phases = new double[4][rounds];
    for (int r = 0; r < rounds; r++) {
      phases[0][r] = OwnStepBenchmark.timed(() -> own.setInputs(high, low))[0];
      phases[1][r] = OwnStepBenchmark.timed(own::forward)[0];
      phases[2][r] = OwnStepBenchmark.timed(() -> own.backward(ownGradient))[0];
      phases[3][r] = OwnStepBenchmark.timed(() -> own.sgd(LR))[0];
    }
    System.out.printf("own step phases, median wall ms: NCHW inputs copied in %.2f, forward %.2f, backward %.2f,"
        + " SGD %.2f%n", OwnStepBenchmark.median(phases[0]), OwnStepBenchmark.median(phases[1]),
        OwnStepBenchmark.median(phases[2]), OwnStepBenchmark.median(phases[3]));
    System.out.println("load average after: " + OwnStepBenchmark.loadAverage());
  }

  /** Output size of a 3×3 stride-2 convolution with padding 1. */
  private static int halve(int size) {
    return (size + 2 - 3) / 2 + 1;
  }
}
