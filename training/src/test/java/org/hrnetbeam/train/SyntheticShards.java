package org.hrnetbeam.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.PngWriter;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.remap.DatasetStats;
import org.hrnetbeam.shard.ManifestContext;
import org.hrnetbeam.shard.ManifestWriter;
import org.hrnetbeam.shard.ShardFileWriter;
import org.hrnetbeam.shard.ShardInfo;
import org.hrnetbeam.shard.ShardName;

/**
 * A small learnable shard folder written with the prepare stage's codec, shard writer and manifest
 * writer (the training module cannot call the prepare pipeline). Image i has 16-pixel tiles of
 * class ((x/16) + (y/16) + i) mod 3, each class its own colour (red, green, blue, with a little
 * texture); the first row is the ignore label.
 */
final class SyntheticShards {
  static final int WIDTH = 64;
  static final int HEIGHT = 48;
  static final int CLASSES = 3;
  static final int IGNORE = 255;

  private SyntheticShards() {
  }

  static int label(int image, int x, int y) {
    return y == 0 ? IGNORE : ((x / 16) + (y / 16) + image) % CLASSES;
  }

  static SampleRecord record(int image) {
    byte[] rgb = new byte[WIDTH * HEIGHT * 3];
    int[] labels = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int p = y * WIDTH + x;
        int k = ((x / 16) + (y / 16) + image) % CLASSES;
        int texture = (x * 7 + y * 3) % 24;
        for (int ch = 0; ch < 3; ch++) {
          rgb[3 * p + ch] = (byte) ((ch == k ? 200 : 40) + texture);
        }
        labels[p] = label(image, x, y);
      }
    }
    PngWriter png = new PngWriter(1);
    String id = String.format("img/%03d.png", image);
    return new SampleRecord(id, 0, id.substring(4), WIDTH, HEIGHT,
        png.encode(new RgbImage(WIDTH, HEIGHT, rgb)), png.encode(new LabelImage(WIDTH, HEIGHT, labels)));
  }

  /** {@code trainImages} training and {@code valImages} validation images in one shard each, one copy. */
  static ShardManifest write(Path dir, int trainImages, int valImages) throws IOException {
    List<ShardInfo> written = new ArrayList<>();
    writeSplit(dir, "train", 0, trainImages, written);
    writeSplit(dir, "val", trainImages, valImages, written);
    LinkedHashMap<String, Integer> listed = new LinkedHashMap<>();
    listed.put("train", trainImages);
    listed.put("val", valImages);
    LinkedHashMap<String, Object> settings = new LinkedHashMap<>();
    settings.put("compression", "none");
    settings.put("augment_copies", 1);
    LinkedHashMap<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("settings", settings);
    ManifestContext ctx = new ManifestContext(org.hrnetbeam.storage.Storage.location(dir), 1, false, listed,
        "test", IGNORE, List.of("red", "green", "blue"), "train", provenance);
    ManifestWriter.write(ctx, written, new DatasetStats(), List.of());
    return ShardManifest.read(dir);
  }

  private static void writeSplit(Path dir, String split, int first, int count, List<ShardInfo> written)
      throws IOException {
    List<byte[]> records = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      records.add(ExampleCodec.encode(record(i)));
    }
    String name = ShardName.of(split, 0, 1, false);
    long bytes = ShardFileWriter.write(dir.resolve(name), records, false);
    written.add(new ShardInfo(split, name, records.size(), bytes));
  }
}
