package org.hrnetbeam.inference;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Where {@link MultiScaleInference}'s time goes beyond the forward passes, step by step: the same
 * calls in the same order for one image, with the network replaced by fixed random logits of the
 * right sizes (values of either sign, as real logits), so only the post-processing is timed. Each
 * step's wall and process CPU seconds are summed over the image; the table shows the median image.
 * Also prints which row kernel ran ({@link RowKernels#kernelName()}).
 *
 * <p>Usage: {@code PostProcessingBenchmark [images] [case ...]} with cases {@code camvid}, {@code city1}
 * and {@code cityms} as in {@link EvaluationBenchmark}. One warm-up image per case is not counted.
 * Run from the repository root (the module flag turns on the vector kernel; leave it out for the
 * scalar one):
 * <pre>
 * java -Xmx10g --add-modules jdk.incubator.vector \
 *     -cp training/target/classes:transforms/target/classes:$(cat training/target/cp.txt) \
 *     org.hrnetbeam.inference.PostProcessingBenchmark 3 cityms
 * </pre>
 */
public final class PostProcessingBenchmark {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final InferenceSettings settings;
  private final Map<String, Planes> logitsBySize = new LinkedHashMap<>();
  private final Random random = new Random(7);
  private final Map<String, double[]> wall = new LinkedHashMap<>();
  private final Map<String, double[]> cpu = new LinkedHashMap<>();

  private PostProcessingBenchmark(InferenceSettings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("camvid", "city1", "cityms");
    System.out.println("row kernel: " + RowKernels.kernelName());
    for (String name : names) {
      InferenceSettings settings = switch (name) {
        case "camvid" -> new InferenceSettings(11, 360, 480, 480, List.of(1.0), false, false);
        case "city1" -> new InferenceSettings(19, 1024, 2048, 2048, List.of(1.0), false, false);
        case "cityms" -> new InferenceSettings(19, 1024, 2048, 2048, List.of(0.5, 0.75, 1.0, 1.25, 1.5, 1.75), true,
            false);
        default -> throw new IllegalArgumentException("unknown case '" + name + "'; expected camvid, city1 or cityms");
      };
      int height = name.equals("camvid") ? 360 : 1024;
      int width = name.equals("camvid") ? 480 : 2048;
      new PostProcessingBenchmark(settings).run(name, height, width, images);
    }
  }

  private void run(String name, int height, int width, int images) {
    Planes image = randomPlanes(3, height, width, 1f);
    List<Map<String, double[]>> perImage = new ArrayList<>();
    for (int i = 0; i <= images; i++) {
      wall.clear();
      cpu.clear();
      onImage(image);
      if (i > 0) {
        Map<String, double[]> copy = new LinkedHashMap<>();
        wall.forEach((k, v) -> copy.put(k, new double[] {v[0], cpu.get(k)[0]}));
        perImage.add(copy);
      }
    }
    System.out.printf("%-8s %-22s %9s %9s%n", name, "step", "wall s", "cpu s");
    double totalWall = 0;
    double totalCpu = 0;
    for (String step : perImage.get(0).keySet()) {
      double w = median(perImage.stream().mapToDouble(m -> m.get(step)[0]).toArray());
      double c = median(perImage.stream().mapToDouble(m -> m.get(step)[1]).toArray());
      totalWall += w;
      totalCpu += c;
      System.out.printf("%-8s %-22s %9.3f %9.3f%n", name, step, w, c);
    }
    System.out.printf("%-8s %-22s %9.3f %9.3f%n", name, "total", totalWall, totalCpu);
  }

  /** {@link MultiScaleInference#predict}'s steps for one image. */
  private void onImage(Planes image) {
    boolean single = settings.scales().size() == 1 && settings.scales().get(0) <= 1.0;
    if (single) {
      Planes logits = logits("plain", image.height() / 4, image.width() / 4);
      time("argmax (fused)", () -> LogitUpsampling.argmax(logits, null, image.height(), image.width(),
          settings.alignCorners()));
      return;
    }
    Planes total = Planes.zeros(settings.numClasses(), image.height(), image.width());
    for (double scale : settings.scales()) {
      ScaledSize size = ScaledSize.of(image.height(), image.width(), settings.baseSize(), scale);
      Planes[] scaled = new Planes[1];
      time("image resize", () -> scaled[0] = TwoTapBilinear.resize(image, size.height(), size.width(), false));
      Planes sum = Planes.zeros(settings.numClasses(), size.height(), size.width());
      List<Window> windows = scale <= 1.0 ? List.of(new Window(0, 0, size.height(), size.width()))
          : WindowPlan.windows(size.height(), size.width(), settings.windowHeight(), settings.windowWidth());
      for (Window w : windows) {
        Planes[] input = new Planes[1];
        time("crop + flip", () -> {
          input[0] = scale <= 1.0 ? scaled[0] : scaled[0].crop(w.top(), w.left(), w.height(), w.width());
          input[0].flipHorizontal();
        });
        Planes logits = logits("plain", w.height() / 4, w.width() / 4);
        Planes mirrored = logits("flipped", w.height() / 4, w.width() / 4);
        time("upsample+flip+exp+sum", () -> LogitUpsampling.addExp(sum, w.top(), w.left(), logits, mirrored,
            w.height(), w.width(), settings.alignCorners()));
      }
      int[] count = scale <= 1.0 ? null : WindowPlan.coverage(size.height(), size.width(), windows);
      time("scale resize + add", () -> TwoTapBilinear.resizeAddInto(sum, count, total, settings.alignCorners()));
    }
    time("argmax", total::argmax);
  }

  private Planes logits(String run, int height, int width) {
    return logitsBySize.computeIfAbsent(run + height + "x" + width,
        k -> randomPlanes(settings.numClasses(), height, width, 4f));
  }

  private Planes randomPlanes(int channels, int height, int width, float spread) {
    float[] values = new float[channels * height * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * spread;
    }
    return Planes.wrap(channels, height, width, values);
  }

  private void time(String step, Runnable work) {
    long c0 = OS.getProcessCpuTime();
    long t0 = System.nanoTime();
    work.run();
    wall.computeIfAbsent(step, k -> new double[1])[0] += (System.nanoTime() - t0) / 1e9;
    cpu.computeIfAbsent(step, k -> new double[1])[0] += (OS.getProcessCpuTime() - c0) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
