package org.hrnetbeam.bench;

import java.util.concurrent.ForkJoinPool;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.model.StageSpec;
import org.hrnetbeam.model.dnnl.Dnnl;
import org.hrnetbeam.model.onednn.OneDnnHelpers;
import org.hrnetbeam.model.ownstep.BottleneckChain;
import org.hrnetbeam.model.ownstep.BottleneckGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * One train step of W18-small-v1's stage-1 bottleneck block (64 → 32 → 32 → 128 channels with the
 * downsample path, at the stem's output size: a quarter of the image's height and width): forward,
 * backward from a fixed gradient of the block's output (no loss) including the gradient of the
 * block's input, plain SGD. Three paths take turns within each round, each round starting one path
 * later than the one before:
 * <ul>
 *   <li>{@code own}, weights kept in oneDNN's layout ({@link BottleneckChain});</li>
 *   <li>{@code own}, weights in DL4J's layout, reordered on every convolution call;</li>
 *   <li>{@code DL4J fit + our oneDNN helpers}: {@link BottleneckGraph} with
 *       {@code OneDnnHelpers.attach} as {@code HrnetModel} does (DL4J's ReLU and add layers).</li>
 * </ul>
 * Prints medians of wall time, process CPU time and main-thread CPU time per step. 50 warm-up
 * rounds by default: with 3, both the own and the DL4J rows read 10–20% slower (JIT not done).
 *
 * <pre>
 * OwnBottleneckBenchmark IMAGE_HEIGHT IMAGE_WIDTH BATCH [ROUNDS=15] [WARMUP=50]
 * </pre>
 * Run under {@code OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2} with {@code --add-modules jdk.incubator.vector}.
 */
public final class OwnBottleneckBenchmark {
  private static final float LR = 1e-3f;
  private static final double MOMENTUM = 0.1;
  private static final int STEM_WIDTH = 64;

  private OwnBottleneckBenchmark() {
  }

  public static void main(String[] args) {
    if (args.length < 3 || args.length > 5) {
      System.err.println("usage: OwnBottleneckBenchmark IMAGE_HEIGHT IMAGE_WIDTH BATCH [ROUNDS=15] [WARMUP=50]");
      System.exit(2);
    }
    int imageHeight = Integer.parseInt(args[0]);
    int imageWidth = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 50;
    // Two 3×3 stride-2 convolutions with padding 1, as the stem.
    int height = stemOut(stemOut(imageHeight));
    int width = stemOut(stemOut(imageWidth));
    StageSpec stage1 = HrnetVariants.spec("w18_small_v1", 19, false, MOMENTUM).stages().get(0);
    int planes = stage1.numChannels().get(0);
    int expansion = stage1.block().expansion();

    BottleneckChain kept = new BottleneckChain(batch, STEM_WIDTH, height, width, planes, expansion, MOMENTUM, true);
    kept.initialise(1);
    BottleneckChain reordered = new BottleneckChain(batch, STEM_WIDTH, height, width, planes, expansion, MOMENTUM,
        false);
    reordered.initialise(1);
    ComputationGraph helped = BottleneckGraph.build(STEM_WIDTH, height, width, planes, expansion, MOMENTUM,
        DataType.FLOAT, new Sgd(LR));
    int attached = OneDnnHelpers.attach(helped);

    Nd4j.getRandom().setSeed(0);
    INDArray input = Nd4j.randn(DataType.FLOAT, batch, STEM_WIDTH, height, width);
    INDArray upstream = Nd4j.randn(DataType.FLOAT, batch, planes * expansion, height, width);
    var keptGradient = kept.outputGradient(upstream);
    var reorderedGradient = reordered.outputGradient(upstream);
    MultiDataSet data = new MultiDataSet(new INDArray[]{input}, new INDArray[]{upstream});

    String[] names = {"own, weights in oneDNN's layout", "own, weights in DL4J's layout (reordered per call)",
        "DL4J fit + our oneDNN helpers (" + attached + " layers)"};
    Runnable[] steps = {
        () -> {
          kept.setInput(input);
          kept.forward();
          kept.backward(keptGradient);
          kept.sgd(LR);
        },
        () -> {
          reordered.setInput(input);
          reordered.forward();
          reordered.backward(reorderedGradient);
          reordered.sgd(LR);
        },
        () -> helped.fit(data),
    };
    System.out.printf("W18-small-v1 stage-1 bottleneck %d -> %d -> %d -> %d at %dx%d (image %dx%d), batch %d; %s;"
        + " OMP_NUM_THREADS=%s; fork-join parallelism %d; %d rounds after %d; load average before: %s%n",
        STEM_WIDTH, planes, planes, planes * expansion, height, width, imageHeight, imageWidth, batch, Dnnl.version(),
        System.getenv("OMP_NUM_THREADS"), ForkJoinPool.getCommonPoolParallelism(), rounds, warmup,
        OwnStepBenchmark.loadAverage());
    for (int i = 0; i < warmup; i++) {
      for (Runnable s : steps) {
        s.run();
      }
    }
    double[][][] samples = new double[steps.length][3][rounds];
    for (int r = 0; r < rounds; r++) {
      // Each round starts one path later: no path always follows the same one (cache, heap state).
      for (int q = 0; q < steps.length; q++) {
        int p = (q + r) % steps.length;
        double[] t = OwnStepBenchmark.timed(steps[p]);
        for (int k = 0; k < 3; k++) {
          samples[p][k][r] = t[k];
        }
      }
    }
    System.out.println();
    System.out.println("| path | step wall ms | process CPU ms | main-thread CPU ms |");
    System.out.println("|---|---|---|---|");
    for (int p = 0; p < steps.length; p++) {
      System.out.printf("| %s | %.1f | %.1f | %.1f |%n", names[p], OwnStepBenchmark.median(samples[p][0]),
          OwnStepBenchmark.median(samples[p][1]), OwnStepBenchmark.median(samples[p][2]));
    }
    System.out.println("load average after: " + OwnStepBenchmark.loadAverage());
    System.out.printf("median over rounds of (kept − reordered) wall: %+.2f ms%n",
        OwnStepBenchmark.pairedDifference(samples[0][0], samples[1][0]));
  }

  private static int stemOut(int size) {
    return (size + 2 - 3) / 2 + 1;
  }
}
