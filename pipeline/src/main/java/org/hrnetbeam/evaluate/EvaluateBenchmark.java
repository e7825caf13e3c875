package org.hrnetbeam.evaluate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.remap.DatasetStats;
import org.hrnetbeam.shard.ManifestContext;
import org.hrnetbeam.shard.ManifestWriter;
import org.hrnetbeam.shard.ShardFileWriter;
import org.hrnetbeam.shard.ShardInfo;
import org.hrnetbeam.shard.ShardName;
import org.hrnetbeam.inference.InferenceSettings;
import org.hrnetbeam.inference.ScaledSize;
import org.hrnetbeam.inference.Window;
import org.hrnetbeam.inference.WindowPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluation speed through the whole stage ({@link EvaluateStage#run}: Beam pipeline, decode,
 * inference, confusion, pictures, report) against the model's forward time, for W18-small-v1
 * (random reference initialisation) on synthetic val shards. Each case runs the stage on 1 image
 * (twice: the first run, untimed, warms the JIT) and on N images, each with one comparison picture
 * (PIPELINE.EVAL_PICTURES 1), so the pictures' cost, fixed for a val set larger than
 * EVAL_PICTURES, falls in the start-up and not in the time per image.
 *
 * <p>Columns: {@code fwd} forwards per image by the reference's rules (scales, windows, flip);
 * {@code start s} the fixed start-up (pipeline, model load, report) = T(1) − s/img; {@code s/img}
 * the marginal wall time per image, (T(N) − T(1)) / (N − 1), and {@code img/s} its inverse;
 * {@code fwd s} and {@code score s} the forward and the whole scoring time per image measured
 * inside the DoFn (Beam counters, see {@link EvaluationTiming}), marginal like s/img, so under the
 * same machine load as the wall time and without the slow first forward of a fresh model; {@code fwd alone} the same forwards timed outside Beam after
 * the runs (median of three per input size); {@code in DoFn} = (score − fwd) / fwd, the per-image
 * work beyond the network (decode, resizes, exp, argmax, counting, picture PNG); {@code marginal}
 * = (s/img − fwd) / fwd, everything beyond the network per image, Beam's own work included;
 * {@code cpu/img} the process's CPU seconds per image (marginal like s/img, every thread: the
 * forward's native ones, Beam's, the JIT and GC), {@code fwd cpu} the CPU seconds of the forwards
 * alone (medians as {@code fwd alone}) and {@code cpu over} = (cpu/img − fwd cpu) / fwd cpu, which
 * other processes' load disturbs less than the wall times; {@code load} the 1-minute load average
 * before and after the case.
 *
 * <p>Cases: {@code camvid} (360×480, 11 classes, single scale), {@code city1} (1024×2048, 19
 * classes, single scale), {@code cityms} (1024×2048, scales 0.5–1.75 with flip). Usage, from the
 * repository root: {@code EvaluateBenchmark WORK_DIR [N] [case ...] [--beamOption=value ...]}
 * (default N = 4, cases camvid city1, DirectRunner with {@code --targetParallelism=1} and its copy
 * checks off, as {@code hrnet evaluate} runs it).
 */
public final class EvaluateBenchmark {
  private record Case(String name, int height, int width, int classes, String dataset, List<String> overrides) {}

  private EvaluateBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    int images = 4;
    List<String> names = new ArrayList<>();
    List<String> beam = new ArrayList<>();
    for (String a : Arrays.asList(args).subList(1, args.length)) {
      if (a.startsWith("--")) {
        beam.add(a);
      } else if (a.matches("\\d+")) {
        images = Integer.parseInt(a);
      } else {
        names.add(a);
      }
    }
    if (images < 2) {
      throw new IllegalArgumentException("N must be at least 2 (the marginal cost needs two runs), got " + images);
    }
    if (names.isEmpty()) {
      names = List.of("camvid", "city1");
    }
    if (beam.isEmpty()) {
      beam = List.of("--runner=DirectRunner", "--targetParallelism=1", "--enforceImmutability=false",
          "--enforceEncodability=false");
    }
    System.out.printf(Locale.ROOT, "%-7s %-10s %-28s %3s %4s %8s %8s %8s %8s %8s %9s %10s %10s %9s %9s %10s %s%n",
        "case", "image", "scales", "fwd", "N", "start s", "s/img", "img/s", "fwd s", "score s", "fwd alone", "in DoFn",
        "marginal", "cpu/img", "fwd cpu", "cpu over", "load");
    for (String name : names) {
      run(caseNamed(name), work.resolve(name), images, beam.toArray(String[]::new));
    }
  }

  private static Case caseNamed(String name) {
    return switch (name) {
      case "camvid" -> new Case(name, 360, 480, 11, "camvid", List.of("TEST.BASE_SIZE", "480", "TEST.IMAGE_SIZE", "[480, 360]"));
      case "city1" -> new Case(name, 1024, 2048, 19, "cityscapes", List.of("TEST.BASE_SIZE", "2048",
          "TEST.IMAGE_SIZE", "[2048, 1024]"));
      case "cityms" -> new Case(name, 1024, 2048, 19, "cityscapes", List.of("TEST.BASE_SIZE", "2048",
          "TEST.IMAGE_SIZE", "[2048, 1024]", "TEST.SCALE_LIST", "[0.5, 0.75, 1.0, 1.25, 1.5, 1.75]", "TEST.FLIP_TEST", "true"));
      default -> throw new IllegalArgumentException("unknown case '" + name + "'; expected camvid, city1 or cityms");
    };
  }

  private static void run(Case c, Path dir, int images, String[] beamArgs) throws IOException {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    // A first, untimed run of the 1-image set warms the JIT and loads Beam's and DL4J's classes.
    double[] seconds = new double[3];
    int[] counts = {1, 1, images};
    ExperimentConfig config = null;
    HrnetModel model = null;
    Path modelFile = null;
    EvaluationTiming[] timings = new EvaluationTiming[3];
    double[] cpu = new double[3];
    String loadBefore = loadAverage();
    for (int k = 0; k < 3; k++) {
      Path runDir = dir.resolve("n" + counts[k]);
      List<String> overrides = new ArrayList<>(List.of("OUTPUT_DIR", runDir.toString(), "DATASET.NUM_CLASSES",
          Integer.toString(c.classes()), "DATASET.DATASET", c.dataset(), "PIPELINE.SHARD_DIR",
          runDir.resolve("shards").toString(), "PIPELINE.EVAL_PICTURES", "1"));
      overrides.addAll(c.overrides());
      config = ExperimentConfig.load(Path.of("conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml"), overrides);
      writeShards(runDir.resolve("shards"), counts[k], c);
      if (model == null) {
        model = HrnetModel.create(HrnetSpec.from(config), 0);
        modelFile = dir.resolve("model.zip");
        ModelFile.save(model, modelFile, false, Map.of("made_by", "EvaluateBenchmark"));
      }
      PipelineOptions options = PipelineOptionsFactory.fromArgs(beamArgs).create();
      long t0 = System.nanoTime();
      double cpu0 = processCpuSeconds();
      timings[k] = EvaluateStage.run(config, modelFile.toString(), options, quiet).timing();
      seconds[k] = (System.nanoTime() - t0) / 1e9;
      cpu[k] = processCpuSeconds() - cpu0;
    }
    List<int[]> inputs = forwardInputs(config, c);
    double[] forwardAloneWallCpu = forwardSeconds(model, inputs);
    double forwardAlone = forwardAloneWallCpu[0];
    double forwardCpu = forwardAloneWallCpu[1];
    double cpuPerImage = (cpu[2] - cpu[1]) / (images - 1);
    double perImage = (seconds[2] - seconds[1]) / (images - 1);
    double startup = seconds[1] - perImage;
    // Marginal per image, like s/img: the first forward of a fresh model at a new size is slow
    // (DL4J sizes its workspaces), and that falls in both runs.
    double forward = (timings[2].forwardSeconds() - timings[1].forwardSeconds()) / (images - 1);
    double scoring = (timings[2].scoringSeconds() - timings[1].scoringSeconds()) / (images - 1);
    System.out.printf(Locale.ROOT,
        "%-7s %-10s %-28s %3d %4d %8.1f %8.2f %8.3f %8.2f %8.2f %9.2f %9.1f%% %9.1f%% %9.2f %9.2f %9.1f%% %s -> %s%n",
        c.name(), c.height() + "x" + c.width(), config.getDoubleList("TEST.SCALE_LIST")
            + (config.getBoolean("TEST.FLIP_TEST") ? " flip" : ""), inputs.size(), images, startup, perImage, 1 / perImage,
        forward, scoring, forwardAlone, 100 * (scoring - forward) / forward, 100 * (perImage - forward) / forward,
        cpuPerImage, forwardCpu, 100 * (cpuPerImage - forwardCpu) / forwardCpu, loadBefore, loadAverage());
  }

  /** CPU seconds of every thread of this process so far (the forward's native threads included). */
  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
        / 1e9;
  }

  /** The 1-minute load average of the machine, which other work shares. */
  private static String loadAverage() {
    return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Input sizes {h, w} of every forward one image costs, by the reference's rules; twice each with flip. */
  private static List<int[]> forwardInputs(ExperimentConfig config, Case c) {
    InferenceSettings s = InferenceSettings.from(config);
    List<int[]> inputs = new ArrayList<>();
    for (double scale : s.scales()) {
      ScaledSize size = ScaledSize.of(c.height(), c.width(), s.baseSize(), scale);
      if (scale <= 1.0) {
        inputs.add(new int[] {size.height(), size.width()});
      } else {
        for (Window w : WindowPlan.windows(size.height(), size.width(), s.windowHeight(), s.windowWidth())) {
          inputs.add(new int[] {w.height(), w.width()});
        }
      }
    }
    if (s.flip()) {
      inputs.addAll(new ArrayList<>(inputs));
    }
    return inputs;
  }

  /**
   * Wall and CPU seconds of the forwards of one image: per input size, the median of three timed
   * calls after a warm-up (wall and CPU medians taken apart).
   */
  private static double[] forwardSeconds(HrnetModel model, List<int[]> inputs) {
    Map<String, double[]> bySize = new LinkedHashMap<>();
    double[] total = new double[2];
    for (int[] hw : inputs) {
      double[] one = bySize.computeIfAbsent(hw[0] + "x" + hw[1], k -> medianForward(model, hw[0], hw[1]));
      total[0] += one[0];
      total[1] += one[1];
    }
    return total;
  }

  private static double[] medianForward(HrnetModel model, int height, int width) {
    INDArray input = Nd4j.rand(DataType.FLOAT, 1, 3, height, width);
    model.logits(input);
    double[] wall = new double[3];
    double[] cpu = new double[3];
    for (int i = 0; i < 3; i++) {
      double cpu0 = processCpuSeconds();
      long t0 = System.nanoTime();
      model.logits(input);
      wall[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = processCpuSeconds() - cpu0;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new double[] {wall[1], cpu[1]};
  }

  private static void writeShards(Path dir, int images, Case c) throws IOException {
    Files.createDirectories(dir);
    PngWriter png = new PngWriter(1);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      SplittableRandom random = new SplittableRandom(i);
      byte[] rgb = new byte[c.width() * c.height() * 3];
      int[] labels = new int[c.width() * c.height()];
      for (int p = 0; p < labels.length; p++) {
        int block = (p / c.width() / 32) * 1000 + (p % c.width()) / 32;
        labels[p] = Math.floorMod(block * 2654435761L + i, c.classes());
        rgb[3 * p] = (byte) (labels[p] * 20 + random.nextInt(30));
        rgb[3 * p + 1] = (byte) (random.nextInt(256));
        rgb[3 * p + 2] = (byte) (200 - labels[p] * 10);
      }
      String id = String.format(Locale.ROOT, "val/bench_%03d.png", i);
      records.add(ExampleCodec.encode(new SampleRecord(id, 0, id.substring(4), c.width(), c.height(),
          png.encode(new RgbImage(c.width(), c.height(), rgb)), png.encode(new LabelImage(c.width(), c.height(), labels)))));
    }
    String name = ShardName.of("val", 0, 1, false);
    long bytes = ShardFileWriter.write(dir.resolve(name), records, false);
    LinkedHashMap<String, Integer> listed = new LinkedHashMap<>();
    listed.put("val", images);
    LinkedHashMap<String, Object> settings = new LinkedHashMap<>();
    settings.put("compression", "none");
    settings.put("augment_copies", 1);
    LinkedHashMap<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("settings", settings);
    List<String> classes = new ArrayList<>();
    for (int k = 0; k < c.classes(); k++) {
      classes.add("class " + k);
    }
    ManifestWriter.write(new ManifestContext(org.hrnetbeam.storage.Storage.location(dir), 1, false, listed, "benchmark",
        255, classes, "val", provenance), List.of(new ShardInfo("val", name, images, bytes)), new DatasetStats(), List.of());
  }
}
