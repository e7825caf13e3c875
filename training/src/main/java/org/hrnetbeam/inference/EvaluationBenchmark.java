package org.hrnetbeam.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetVariants;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluation speed of W18-small-v1 (random reference initialisation) through {@link MultiScaleInference},
 * split into the time spent in forward passes and everything else (resizes, flips, window sums, exp,
 * argmax). The target is an overhead under 10% of the forward time. Columns: forwards per image,
 * images/s and seconds per image (median image), mean forward seconds per image, overhead = median over
 * images of (total − forward) / forward, and "post": the same inference replayed with the forward
 * replaced by a lookup of the logits it returned (best of three per image, median over images), i.e.
 * the overhead timed on its own, and its ratio to the mean forward time.
 *
 * <p>Usage: {@code EvaluationBenchmark [images-per-case] [case ...]} with cases {@code camvid} (360×480,
 * 11 classes, single scale), {@code city1} (1024×2048, 19 classes, single scale), {@code cityms}
 * (1024×2048, scales 0.5–1.75 with flip: 24 full-size forwards per image) and {@code small}
 * (256×512 single scale). Default: 2 images of camvid and city1. One warm-up image per case is not
 * counted; images are made and normalised before the clock starts. Run from the repository root:
 * <pre>
 * mvn -q -o -pl training -am compile
 * mvn -q -o -pl training dependency:build-classpath -Dmdep.outputFile=$PWD/training/target/cp.txt
 * OMP_WAIT_POLICY=PASSIVE java -Xmx10g -cp training/target/classes:transforms/target/classes:$(cat training/target/cp.txt) \
 *     org.hrnetbeam.inference.EvaluationBenchmark 3 camvid city1
 * </pre>
 */
public final class EvaluationBenchmark {
  private EvaluationBenchmark() {
  }

  private record Case(String name, int height, int width, InferenceSettings settings) {
  }

  public static void main(String[] args) {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("camvid", "city1");
    List<Case> cases = new ArrayList<>();
    for (String name : names) {
      cases.add(caseNamed(name));
    }
    System.out.printf("%-8s %-10s %-28s %7s %8s %8s %10s %10s %9s %10s%n", "case", "image", "scales", "fwd/img",
        "img/s", "s/img", "fwd s/img", "overhead", "post s", "post/fwd");
    for (Case c : cases) {
      run(c, images);
    }
  }

  private static Case caseNamed(String name) {
    return switch (name) {
      case "camvid" -> new Case(name, 360, 480, new InferenceSettings(11, 360, 480, 480, List.of(1.0), false, false));
      case "small" -> new Case(name, 256, 512, new InferenceSettings(19, 1024, 2048, 512, List.of(1.0), false, false));
      case "city1" -> new Case(name, 1024, 2048, new InferenceSettings(19, 1024, 2048, 2048, List.of(1.0), false, false));
      case "cityms" -> new Case(name, 1024, 2048, new InferenceSettings(19, 1024, 2048, 2048,
          List.of(0.5, 0.75, 1.0, 1.25, 1.5, 1.75), true, false));
      default -> throw new IllegalArgumentException("unknown case '" + name + "'; expected camvid, small, city1 or cityms");
    };
  }

  private static void run(Case c, int images) {
    HrnetModel model = HrnetModel.create(HrnetVariants.spec("w18_small_v1", c.settings().numClasses(), false, 0.1), 0);
    long[] forwardNanos = {0};
    int[] forwards = {0};
    Map<String, INDArray> logitsByShape = new HashMap<>();
    Function<INDArray, INDArray> timed = input -> {
      long t0 = System.nanoTime();
      INDArray out = model.logits(input);
      forwardNanos[0] += System.nanoTime() - t0;
      forwards[0]++;
      logitsByShape.putIfAbsent(Arrays.toString(input.shape()), out);
      return out;
    };
    MultiScaleInference inference = new MultiScaleInference(c.settings(), timed);
    Random random = new Random(1);
    List<Planes> inputs = new ArrayList<>();
    for (int i = 0; i <= images; i++) {
      inputs.add(randomImage(random, c.height(), c.width()));
    }
    inference.predict(inputs.get(images));
    forwards[0] = 0;
    double[] totals = new double[images];
    double[] overheads = new double[images];
    double forwardSum = 0;
    for (int i = 0; i < images; i++) {
      forwardNanos[0] = 0;
      long t0 = System.nanoTime();
      inference.predict(inputs.get(i));
      totals[i] = (System.nanoTime() - t0) / 1e9;
      double forward = forwardNanos[0] / 1e9;
      forwardSum += forward;
      overheads[i] = (totals[i] - forward) / forward;
    }
    double forward = forwardSum / images;
    // The same work with the network replaced by a lookup of logits it produced: the overhead on its
    // own. Best of three per image, because other load on a shared machine only ever adds time.
    MultiScaleInference replay = new MultiScaleInference(c.settings(),
        input -> logitsByShape.get(Arrays.toString(input.shape())));
    replay.predict(inputs.get(images));
    double[] alone = new double[images];
    for (int i = 0; i < images; i++) {
      alone[i] = Double.POSITIVE_INFINITY;
      for (int rep = 0; rep < 3; rep++) {
        long r0 = System.nanoTime();
        replay.predict(inputs.get(i));
        alone[i] = Math.min(alone[i], (System.nanoTime() - r0) / 1e9);
      }
    }
    double total = median(totals);
    double post = median(alone);
    System.out.printf("%-8s %-10s %-28s %7d %8.3f %8.2f %10.2f %9.1f%% %9.3f %9.1f%%%n", c.name(),
        c.height() + "x" + c.width(), c.settings().scales() + (c.settings().flip() ? " flip" : ""),
        forwards[0] / images, 1 / total, total, forward, 100 * median(overheads), post, 100 * post / forward);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Planes randomImage(Random random, int height, int width) {
    int[] rgb = new int[height * width];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = random.nextInt(1 << 24);
    }
    return ImageNormalizer.normalize(rgb, height, width);
  }
}
