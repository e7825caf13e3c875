package org.hrnetbeam.prepare;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.hrnetbeam.augment.AugmentedSample;
import org.hrnetbeam.augment.Augmenter;
import org.hrnetbeam.augment.RecordMaker;
import org.hrnetbeam.augment.SampleRandom;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.imageio.DecodedLabel;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.ingest.PathText;
import org.hrnetbeam.ingest.SampleRef;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.remap.LabelRemapper;
import org.hrnetbeam.remap.RemappedLabel;
import org.hrnetbeam.shard.KeyedExample;
import org.hrnetbeam.shard.WriteShards;

/**
 * The CPU time of each per-sample step of prepare over a whole training list, on one thread, pass
 * after pass over the same samples: the first pass includes class initialisation and the JIT's
 * warm-up, later ones the steady state. Run it with the JVM options of {@code ./hrnet prepare}
 * ({@code -XX:TieredStopAtLevel=1}) to see what the C1 code costs. The last line is a SHA-256 over
 * every record made, so two builds can be checked to give the same bytes.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -cp pipeline/target/hrnet-all.jar org.hrnetbeam.prepare.PrepareStepBenchmark \
 *   [--cfg=conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml] [--passes=3] [--seed=304] [KEY VALUE ...]
 * </pre>
 *
 * The config's training list is read (DATASET.ROOT, TRAIN_SET; the defaults point at
 * ../shared/data/camvid), with its augmentation, label map, PIPELINE.AUGMENT_COPIES and PNG level. No Beam: {@link PrepareBenchmark} and docs/tools/prepare_from_launch.sh measure the
 * pipeline.
 */
public final class PrepareStepBenchmark {
  private static final String[] STEPS = {"read files", "decode image", "decode label", "label map", "augment",
      "PNG-encode image", "PNG-encode label", "Example + shard key"};
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PrepareStepBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path cfgFile = Path.of("conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml");
    int passes = 3;
    // The reference's default seed, as hrnet's --seed.
    long seed = 304;
    List<String> overrides = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--cfg=")) {
        cfgFile = Path.of(a.substring(6));
      } else if (a.startsWith("--passes=")) {
        passes = Integer.parseInt(a.substring(9));
      } else if (a.startsWith("--seed=")) {
        seed = Long.parseLong(a.substring(7));
      } else {
        overrides.add(a);
      }
    }
    overrides.addAll(List.of("DATASET.TEST_SET", "''", "DATASET.EXTRA_TRAIN_SET", "''"));
    ExperimentConfig cfg = ExperimentConfig.load(cfgFile, overrides);
    PrepareSettings s = PrepareSettings.from(cfg, seed);
    List<SampleRef> samples = PreparePipeline.listSamples(s);
    PngWriter png = new PngWriter(s.pngLevel());
    System.out.printf("prepare steps: %s, %d samples, K = %d, PNG level %d, one thread, CPU ms per pass%n",
        cfgFile.getFileName(), samples.size(), s.copies(), s.pngLevel());
    long[][] cpu = new long[passes][STEPS.length];
    String digest = "";
    for (int pass = 0; pass < passes; pass++) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long[] t = cpu[pass];
      for (SampleRef ref : samples) {
        long t0 = now();
        byte[] imageBytes = Files.readAllBytes(PathText.toPath(ref.image()));
        byte[] labelBytes = Files.readAllBytes(PathText.toPath(ref.label()));
        long t1 = now();
        RgbImage image = ImageDecoder.decodeColour(imageBytes, ref.image());
        long t2 = now();
        DecodedLabel label = ImageDecoder.decodeSourceLabel(labelBytes, ref.label());
        long t3 = now();
        RemappedLabel remapped = LabelRemapper.remap(label, s.labelMap());
        long t4 = now();
        t[0] += t1 - t0;
        t[1] += t2 - t1;
        t[2] += t3 - t2;
        t[3] += t4 - t3;
        for (int copy = 0; copy < s.copies(); copy++) {
          long u0 = now();
          AugmentedSample a = Augmenter.augment(image, remapped.label(), s.augment(),
              SampleRandom.of(RecordMaker.AUGMENT_PURPOSE, s.seed(), ref.id(), copy));
          long u1 = now();
          byte[] imagePng = png.encode(a.image());
          long u2 = now();
          byte[] labelPng = png.encode(a.label());
          long u3 = now();
          String filename = ref.id().substring(ref.id().lastIndexOf('/') + 1);
          KeyedExample record = WriteShards.assign(ref.split(), new SampleRecord(ref.id(), copy, filename,
              a.image().width(), a.image().height(), imagePng, labelPng), s.seed(), s.numShards()).getValue();
          long u4 = now();
          t[4] += u1 - u0;
          t[5] += u2 - u1;
          t[6] += u3 - u2;
          t[7] += u4 - u3;
          sha.update(record.example());
        }
      }
      digest = HexFormat.of().formatHex(sha.digest());
    }
    StringBuilder head = new StringBuilder("| step |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int pass = 1; pass <= passes; pass++) {
      head.append(" pass ").append(pass).append(" |");
      rule.append("---|");
    }
    System.out.println(head);
    System.out.println(rule);
    long[] totals = new long[passes];
    for (int step = 0; step < STEPS.length; step++) {
      StringBuilder row = new StringBuilder("| " + STEPS[step] + " |");
      for (int pass = 0; pass < passes; pass++) {
        row.append(String.format(" %d |", cpu[pass][step] / 1_000_000));
        totals[pass] += cpu[pass][step];
      }
      System.out.println(row);
    }
    StringBuilder total = new StringBuilder("| total |");
    for (long v : totals) {
      total.append(String.format(" %d |", v / 1_000_000));
    }
    System.out.println(total);
    System.out.println("records SHA-256 " + digest);
  }

  private static long now() {
    return THREADS.getCurrentThreadCpuTime();
  }
}
