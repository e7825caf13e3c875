package org.hrnetbeam.prepare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.augment.AugmentSettings;
import org.hrnetbeam.augment.Augmenter;
import org.hrnetbeam.augment.SampleRandom;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.imageio.ByteLabel;
import org.hrnetbeam.imageio.DecodedLabel;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.remap.LabelMaps;
import org.hrnetbeam.remap.LabelRemapper;

/**
 * The prepare stage's speed, end to end: the whole pipeline from listing to manifest.json, on
 * the runner given, for Cityscapes-size inputs (2048×1024, crops 1024×512) and for CamVid
 * (480×360, the CamVid experiment's crops). Prints a table; docs/PERFORMANCE.md records it.
 *
 * <pre>
 * java -cp pipeline/target/hrnet-all.jar org.hrnetbeam.prepare.PrepareBenchmark \
 *   [--work=DIR] [--cityscapes-images=N] [--copies=K] [--png-level=L] [--only=camvid|cityscapes]
 *   [--repeat=N] [--progress-every=SECONDS] [beam options...]
 * </pre>
 *
 * Cityscapes-size inputs are synthesised by {@link CityscapesSizeInputs}. This measures in-process
 * (listing to manifest); docs/tools/prepare_from_launch.sh measures {@code ./hrnet prepare} from
 * launch to exit.
 */
public final class PrepareBenchmark {
  private PrepareBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of("target/prepare-bench");
    int cityscapesImages = 24;
    int copies = 4;
    int pngLevel = 1;
    String only = "";
    int repeat = 1;
    // 0 turns the progress line off, to measure what it costs.
    Duration progressEvery = PreparePipeline.PROGRESS_EVERY;
    List<String> beam = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--work=")) {
        work = Path.of(a.substring(7));
      } else if (a.startsWith("--cityscapes-images=")) {
        cityscapesImages = Integer.parseInt(a.substring(20));
      } else if (a.startsWith("--copies=")) {
        copies = Integer.parseInt(a.substring(9));
      } else if (a.startsWith("--repeat=")) {
        repeat = Integer.parseInt(a.substring(9));
      } else if (a.startsWith("--only=")) {
        only = a.substring(7);
      } else if (a.startsWith("--progress-every=")) {
        progressEvery = Duration.ofMillis(Math.round(1000 * Double.parseDouble(a.substring(17))));
      } else if (a.startsWith("--png-level=")) {
        pngLevel = Integer.parseInt(a.substring(12));
      } else {
        beam.add(a);
      }
    }
    if (beam.stream().noneMatch(a -> a.startsWith("--runner="))) {
      beam.add("--runner=DirectRunner");
    }
    Path conf = findConf();
    Path shared = conf.getParent().getParent().resolve("shared/data");
    System.out.printf("prepare benchmark: %d cores, beam options %s, K=%d, PNG level %d, progress every %s%n",
        Runtime.getRuntime().availableProcessors(), beam, copies, pngLevel, progressEvery);
    Path csRoot = work.resolve("cityscapes-2048");
    CityscapesSizeInputs.write(shared.resolve("cityscapes-sample"), csRoot, cityscapesImages);
    stepTable("2048x1024 source, 1024x512 crop", csRoot.resolve("img/0000.png"), csRoot.resolve("lbl/0000.png"),
        AugmentSettings.referenceDefaults(), "cityscapes", pngLevel);
    stepTable("CamVid 480x360 source, 320x240 crop", shared.resolve("camvid/train/0001TP_006690.png"),
        shared.resolve("camvid/trainannot/0001TP_006690.png"),
        new AugmentSettings(true, 480, 320, 240, 10, true, false, 10, 1, 255), "camvid", pngLevel);

    System.out.println();
    System.out.println("| data | runner | images | records | wall s (listing to manifest) | records/s | CPU s | records per CPU-s |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    ExperimentConfig cs = ExperimentConfig.load(
        conf.resolve("cityscapes/seg_hrnet_w18_small_v1_512x1024_sgd_lr1e-2_wd5e-4_bs_12_epoch484.yaml"),
        List.of("DATASET.ROOT", csRoot.toString(), "DATASET.TRAIN_SET", "train.lst", "DATASET.TEST_SET", "''",
            "PIPELINE.LAYOUT", "list", "PIPELINE.AUGMENT_COPIES", "" + copies, "PIPELINE.NUM_SHARDS", "4",
            "PIPELINE.PNG_LEVEL", "" + pngLevel, "PIPELINE.SHARD_DIR", work.resolve("out-cityscapes").toString()));
    for (int r = 0; r < repeat && (only.isEmpty() || only.equals("cityscapes")); r++) {
      row("cityscapes 2048x1024 -> 1024x512 (synthesised)", cs, beam, progressEvery);
    }
    ExperimentConfig cv = ExperimentConfig.load(conf.resolve("camvid/seg_hrnet_w18_small_v1_camvid.yaml"),
        List.of("DATASET.ROOT", shared.resolve("camvid").toString(), "DATASET.TEST_SET", "''",
            "PIPELINE.AUGMENT_COPIES", "" + copies, "PIPELINE.NUM_SHARDS", "4", "PIPELINE.PNG_LEVEL", "" + pngLevel,
            "PIPELINE.SHARD_DIR", work.resolve("out-camvid").toString()));
    for (int r = 0; r < repeat && (only.isEmpty() || only.equals("camvid")); r++) {
      row("camvid 480x360 train -> 320x240", cv, beam, progressEvery);
    }
  }

  private static void row(String name, ExperimentConfig cfg, List<String> beam, Duration progressEvery)
      throws IOException {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(beam.toArray(String[]::new)).create();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    PrepareOutcome outcome = PreparePipeline.run(PrepareSettings.from(cfg, 304), cfg, options, progressEvery, System.err);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
    // CPU seconds say what the work costs when other jobs share the two cores; wall says what a user waits.
    System.out.printf("| %s | %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", name, options.getRunner().getSimpleName(),
        outcome.listed(), outcome.records(), seconds, outcome.records() / seconds, cpu, outcome.records() / cpu);
  }

  /** Single-thread cost of each per-sample step on one Cityscapes-size image. */
  private static void stepTable(String title, Path image, Path label, AugmentSettings settings, String mapName,
      int pngLevel) throws Exception {
    byte[] imageBytes = Files.readAllBytes(image);
    byte[] labelBytes = Files.readAllBytes(label);
    PngWriter png = new PngWriter(pngLevel);
    org.hrnetbeam.remap.LabelMap map = LabelMaps.load(mapName);
    int n = 30;
    long decode = 0;
    long remap = 0;
    long augment = 0;
    long encode = 0;
    for (int i = -10; i < n; i++) {
      long t0 = System.nanoTime();
      RgbImage rgb = ImageDecoder.decodeColour(imageBytes, "img");
      DecodedLabel raw = ImageDecoder.decodeSourceLabel(labelBytes, "lbl");
      long t1 = System.nanoTime();
      ByteLabel ids = LabelRemapper.remap(raw, map).label();
      long t2 = System.nanoTime();
      var a = Augmenter.augment(rgb, ids, settings, SampleRandom.of("augment", 1, "x", i + 10));
      long t3 = System.nanoTime();
      png.encode(a.image());
      png.encode(a.label());
      long t4 = System.nanoTime();
      if (i >= 0) {
        decode += t1 - t0;
        remap += t2 - t1;
        augment += t3 - t2;
        encode += t4 - t3;
      }
    }
    System.out.printf("input PNG %d bytes, label PNG %d bytes%n", imageBytes.length, labelBytes.length);
    System.out.println("| step (one thread, " + title + ") | ms |");
    System.out.println("|---|---|");
    System.out.printf("| decode image + label PNG | %.1f |%n", decode / 1e6 / n);
    System.out.printf("| remap labels | %.1f |%n", remap / 1e6 / n);
    System.out.printf("| scale + pad + crop + flip (crop window only) | %.1f |%n", augment / 1e6 / n);
    System.out.printf("| PNG-encode crop + label (level %d) | %.1f |%n", pngLevel, encode / 1e6 / n);
  }

  private static Path findConf() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("conf/cityscapes"))) {
        return d.resolve("conf");
      }
    }
    throw new IllegalStateException("run from inside the repository: conf/cityscapes not found");
  }
}
