package org.hrnetbeam.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Writes a small shard folder with the prepare stage's own codec, shard writer and manifest
 * writer. Image {@code i}, copy {@code c} has red = i, green = c, blue = x + y at pixel (x, y);
 * its label is (x + i) mod 3, with 255 (the shards' ignore) on the first row.
 */
final class TestShards {
  static final int WIDTH = 8;
  static final int HEIGHT = 6;
  static final int IGNORE = 255;

  private TestShards() {}

  static String id(int image) {
    return String.format("img/%03d.png", image);
  }

  static SampleRecord record(int image, int copy) {
    byte[] rgb = new byte[WIDTH * HEIGHT * 3];
    int[] labels = new int[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int p = y * WIDTH + x;
        rgb[3 * p] = (byte) image;
        rgb[3 * p + 1] = (byte) copy;
        rgb[3 * p + 2] = (byte) (x + y);
        labels[p] = y == 0 ? IGNORE : (x + image) % 3;
      }
    }
    PngWriter png = new PngWriter(1);
    return new SampleRecord(id(image), copy, id(image).substring(4), WIDTH, HEIGHT,
        png.encode(new RgbImage(WIDTH, HEIGHT, rgb)), png.encode(new LabelImage(WIDTH, HEIGHT, labels)));
  }

  /**
   * Writes {@code images} training images × {@code copies} into {@code numShards} shards
   * (record k of the listing to shard k mod numShards) and 3 validation images, plus the manifest.
   */
  static ShardManifest write(Path dir, int images, int copies, int numShards, boolean gzip) throws IOException {
    List<ShardInfo> written = new ArrayList<>();
    writeSplit(dir, "train", images, copies, numShards, gzip, written);
    writeSplit(dir, "val", 3, 1, numShards, gzip, written);
    LinkedHashMap<String, Integer> listed = new LinkedHashMap<>();
    listed.put("train", images);
    listed.put("val", 3);
    LinkedHashMap<String, Object> settings = new LinkedHashMap<>();
    settings.put("compression", gzip ? "gzip" : "none");
    settings.put("augment_copies", copies);
    LinkedHashMap<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("settings", settings);
    ManifestContext ctx = new ManifestContext(org.hrnetbeam.storage.Storage.location(dir), numShards, gzip, listed,
        "test", IGNORE, List.of("a", "b", "c"), "train", provenance);
    ManifestWriter.write(ctx, written, new DatasetStats(), List.of());
    return ShardManifest.read(dir);
  }

  private static void writeSplit(Path dir, String split, int images, int copies, int numShards, boolean gzip,
      List<ShardInfo> written) throws IOException {
    List<List<byte[]>> shards = new ArrayList<>();
    for (int s = 0; s < numShards; s++) {
      shards.add(new ArrayList<>());
    }
    int k = 0;
    for (int i = 0; i < images; i++) {
      for (int c = 0; c < copies; c++) {
        shards.get(k++ % numShards).add(ExampleCodec.encode(record(i, c)));
      }
    }
    for (int s = 0; s < numShards; s++) {
      String name = ShardName.of(split, s, numShards, gzip);
      long bytes = ShardFileWriter.write(dir.resolve(name), shards.get(s), gzip);
      written.add(new ShardInfo(split, name, shards.get(s).size(), bytes));
    }
  }
}
