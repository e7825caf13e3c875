package org.hrnetbeam.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.model.ParameterNames;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.remap.DatasetStats;
import org.hrnetbeam.shard.ManifestContext;
import org.hrnetbeam.shard.ManifestWriter;
import org.hrnetbeam.shard.ShardFileWriter;
import org.hrnetbeam.shard.ShardInfo;
import org.hrnetbeam.shard.ShardName;
import org.hrnetbeam.storage.Storage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A tiny experiment to evaluate: the CamVid W18-small-v1 config cut to 3 classes and 64×48 test
 * images, a val split of a few synthetic records in two shards (stripes of three colours, labels =
 * the stripe, the top row ignored) and a model file whose weights are He-scaled random draws, so its
 * predictions vary over the image (the reference init predicts one class everywhere).
 */
public final class EvaluationFixture {
  public static final int WIDTH = 64;
  public static final int HEIGHT = 48;
  public static final int CLASSES = 3;
  public static final int IGNORE = 255;

  private EvaluationFixture() {}

  public static ExperimentConfig config(Path outputDir, String... overrides) {
    List<String> all = new ArrayList<>(List.of("OUTPUT_DIR", outputDir.toString(), "DATASET.NUM_CLASSES", "3",
        "PIPELINE.SHARD_DIR", outputDir.resolve("shards").toString(), "TEST.BASE_SIZE", "64",
        "TEST.IMAGE_SIZE", "[64, 48]", "PIPELINE.EVAL_PICTURES", "2"));
    all.addAll(List.of(overrides));
    return ExperimentConfig.load(repoRoot().resolve("conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml"), all);
  }

  /** Class of pixel (x, y) of val image {@code image}: vertical stripes, shifted per image; row 0 ignored. */
  public static int label(int image, int x, int y) {
    return y == 0 ? IGNORE : (x / 11 + image) % CLASSES;
  }

  public static SampleRecord record(int image) {
    byte[] rgb = new byte[WIDTH * HEIGHT * 3];
    int[] labels = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int p = y * WIDTH + x;
        int k = (x / 11 + image) % CLASSES;
        for (int ch = 0; ch < 3; ch++) {
          rgb[3 * p + ch] = (byte) ((ch == k ? 190 : 50) + (x * 5 + y * 3 + image) % 30);
        }
        labels[p] = label(image, x, y);
      }
    }
    PngWriter png = new PngWriter(1);
    String id = String.format("val/img_%02d.png", image);
    return new SampleRecord(id, 0, id.substring(4), WIDTH, HEIGHT, png.encode(new RgbImage(WIDTH, HEIGHT, rgb)),
        png.encode(new LabelImage(WIDTH, HEIGHT, labels)));
  }

  /** Writes {@code images} val records into two shards under {@code <config's shard dir>}; returns the records. */
  public static List<SampleRecord> writeShards(ExperimentConfig config, int images) throws IOException {
    Path dir = Storage.path(config.getString("PIPELINE.SHARD_DIR"));
    List<SampleRecord> all = new ArrayList<>();
    List<ShardInfo> written = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      List<byte[]> encoded = new ArrayList<>();
      for (int i = shard; i < images; i += 2) {
        SampleRecord r = record(i);
        all.add(r);
        encoded.add(ExampleCodec.encode(r));
      }
      String name = ShardName.of("val", shard, 2, false);
      long bytes = ShardFileWriter.write(dir.resolve(name), encoded, false);
      written.add(new ShardInfo("val", name, encoded.size(), bytes));
    }
    LinkedHashMap<String, Integer> listed = new LinkedHashMap<>();
    listed.put("val", images);
    LinkedHashMap<String, Object> settings = new LinkedHashMap<>();
    settings.put("compression", "none");
    settings.put("augment_copies", 1);
    LinkedHashMap<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("settings", settings);
    ManifestWriter.write(new ManifestContext(Storage.location(dir), 2, false, listed, "stripes", IGNORE,
        List.of("red", "green", "blue"), "val", provenance), written, new DatasetStats(), List.of());
    return all;
  }

  /** A model of the config's spec with He-scaled random conv weights from {@code seed}, saved as our model file. */
  public static Path writeModel(ExperimentConfig config, Path target, long seed) throws IOException {
    HrnetModel model = HrnetModel.create(HrnetSpec.from(config), seed);
    long draw = seed;
    for (Map.Entry<String, INDArray> p : ParameterNames.named(model.graph()).entrySet()) {
      INDArray v = p.getValue();
      if (p.getKey().endsWith(".weight") && v.rank() == 4) {
        double fanIn = v.length() / (double) v.size(0);
        v.assign(Nd4j.randn(draw++, v.shape()).muli(Math.sqrt(2 / fanIn)));
      }
    }
    ModelFile.save(model, target, false, Map.of("made_by", "EvaluationFixture", "seed", Long.toString(seed)));
    return target;
  }

  public static Path repoRoot() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("conf/camvid"))) {
        return dir;
      }
    }
    throw new IllegalStateException("conf/camvid not found above " + Paths.get("").toAbsolutePath());
  }
}
