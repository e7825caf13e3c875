package org.hrnetbeam.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hrnetbeam.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainingDataTest {
  @TempDir Path dir;

  @AfterEach
  void backToRealGcs() {
    Storage.useGcsOptions(null);
  }

  private static DataSettings training(int batch, long seed) {
    return new DataSettings(batch, true, 4, 2, true, true, 1, 255, seed);
  }

  private static List<String> readEpoch(ShardManifest m, DataSettings s, int worker, int workers, int epoch, long max) {
    List<String> ids = new ArrayList<>();
    try (Prefetcher batches = TrainingData.open(m, "train", s, worker, workers, epoch, max)) {
      while (batches.hasNext()) {
        Batch b = batches.next();
        assertTrue(b.waitNanos() >= 0);
        ids.addAll(b.sampleIds());
      }
    }
    return ids;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anEpochSeesEveryImageOnceInFullBatchesOfTheEpochsCopy(boolean gzip) throws IOException {
    ShardManifest m = TestShards.write(dir, 11, 3, 4, gzip);
    assertEquals(gzip, m.gzip());
    assertEquals(33, m.records("train"));
    assertEquals(11, m.samples("train"));
    for (int epoch = 0; epoch < 4; epoch++) {
      List<String> ids = readEpoch(m, training(3, 5), 0, 1, epoch, Long.MAX_VALUE);
      // 11 images in batches of 3: 3 full batches, the incomplete last one dropped.
      assertEquals(9, ids.size());
      assertEquals(9, new HashSet<>(ids).size(), "no image twice in an epoch: " + ids);
      int copy = epoch % 3;
      assertTrue(ids.stream().allMatch(id -> id.endsWith("#" + copy)), ids.toString());
    }
  }

  @Test
  void batchesHoldTheNormalisedImagesAndLabelsOfTheirSamples() throws IOException {
    ShardManifest m = TestShards.write(dir, 5, 1, 2, false);
    DataSettings s = new DataSettings(2, false, 1, 1, true, false, 1, -1, 0);
    List<Batch> batches = new ArrayList<>();
    try (Prefetcher p = TrainingData.open(m, "train", s, 0, 1, 0, Long.MAX_VALUE)) {
      p.forEachRemaining(batches::add);
    }
    // Unshuffled: shard 0 (images 0, 2, 4) then shard 1 (1, 3); last batch kept (dropLast off).
    assertEquals(List.of("img/000.png#0", "img/002.png#0"), batches.get(0).sampleIds());
    assertEquals(List.of("img/004.png#0", "img/001.png#0"), batches.get(1).sampleIds());
    assertEquals(List.of("img/003.png#0"), batches.get(2).sampleIds());
    Batch b = batches.get(1);
    INDArray images = b.images();
    INDArray labels = b.labels();
    assertEquals(DataType.FLOAT, images.dataType());
    assertEquals(DataType.INT, labels.dataType());
    assertArrayEquals(new long[] {2, 3, TestShards.HEIGHT, TestShards.WIDTH}, images.shape());
    assertArrayEquals(new long[] {2, TestShards.HEIGHT, TestShards.WIDTH}, labels.shape());
    // Sample 1 of this batch is image 1: red = 1, blue = x + y; label (x + 1) mod 3, row 0 ignored -> -1.
    assertEquals((1 / 255.0 - 0.485) / 0.229, images.getDouble(1, 0, 3, 2), 1e-6);
    assertEquals((5 / 255.0 - 0.406) / 0.225, images.getDouble(1, 2, 3, 2), 1e-6);
    assertEquals((4 / 255.0 - 0.485) / 0.229, images.getDouble(0, 0, 0, 0), 1e-6);
    assertEquals(0, labels.getInt(1, 3, 2));
    assertEquals(-1, labels.getInt(1, 0, 2));
    assertEquals(2, labels.getInt(0, 1, 1));
    assertEquals(0, labels.getInt(0, 1, 2));
  }

  @Test
  void decodeThreadsChangeSpeedNotBatches() throws IOException {
    ShardManifest m = TestShards.write(dir, 13, 2, 3, false);
    List<Batch> one = new ArrayList<>();
    List<Batch> three = new ArrayList<>();
    try (Prefetcher p = TrainingData.open(m, "train", new DataSettings(2, true, 4, 2, true, true, 1, 255, 9), 0, 1, 1, Long.MAX_VALUE)) {
      p.forEachRemaining(one::add);
    }
    try (Prefetcher p = TrainingData.open(m, "train", new DataSettings(2, true, 4, 2, true, true, 3, 255, 9), 0, 1, 1, Long.MAX_VALUE)) {
      p.forEachRemaining(three::add);
    }
    assertEquals(6, one.size());
    assertEquals(one.size(), three.size());
    for (int i = 0; i < one.size(); i++) {
      assertEquals(one.get(i).sampleIds(), three.get(i).sampleIds());
      assertEquals(one.get(i).images(), three.get(i).images());
      assertEquals(one.get(i).labels(), three.get(i).labels());
    }
  }

  @Test
  void settingsComeFromTheConfig() {
    DataSettings s = DataSettings.training(org.hrnetbeam.config.ExperimentConfig.defaults().withOverrides(List.of(
        "TRAIN.BATCH_SIZE_PER_GPU", "3", "WORKERS", "2", "TRAIN.IGNORE_LABEL", "255", "PIPELINE.SHUFFLE_BUFFER", "16")), 77);
    assertEquals(new DataSettings(3, true, 16, 2, true, true, 2, 255, 77), s);
  }

  @Test
  void theOrderIsReproducibleForASeedAndDiffersBetweenEpochsAndSeeds() throws IOException {
    ShardManifest m = TestShards.write(dir, 24, 2, 4, false);
    List<String> first = readEpoch(m, training(2, 11), 0, 1, 0, Long.MAX_VALUE);
    assertEquals(first, readEpoch(m, training(2, 11), 0, 1, 0, Long.MAX_VALUE));
    List<String> epoch2 = readEpoch(m, training(2, 11), 0, 1, 2, Long.MAX_VALUE);
    assertEquals(new HashSet<>(first), new HashSet<>(epoch2), "epochs 0 and 2 read the same copy");
    assertNotEquals(first, epoch2);
    assertNotEquals(first, readEpoch(m, training(2, 12), 0, 1, 0, Long.MAX_VALUE));
  }

  @Test
  void workersReadDisjointShardsAndStopAtTheScheduledIterations() throws IOException {
    ShardManifest m = TestShards.write(dir, 20, 1, 4, false);
    Set<String> union = new HashSet<>();
    for (int w = 0; w < 2; w++) {
      List<String> ids = readEpoch(m, training(2, 3), w, 2, 0, 4);
      assertEquals(8, ids.size(), "4 batches of 2");
      for (String id : ids) {
        assertTrue(union.add(id), id + " read by two workers");
      }
    }
  }

  @Test
  void aWorkerWithFewerRecordsReadsItsShardsAgainToTakeTheScheduledSteps() throws IOException {
    // 12 images in 3 shards of 4: worker 0 of 2 holds shards 0 and 2 (8 records), worker 1 only
    // shard 1 (4); epoch_iters = 12 / (2 x 2) = 3 batches of 2 for both.
    ShardManifest m = TestShards.write(dir, 12, 1, 3, false);
    List<String> w0 = readEpoch(m, training(2, 3), 0, 2, 0, 3);
    List<String> w1 = readEpoch(m, training(2, 3), 1, 2, 0, 3);
    assertEquals(6, w0.size());
    assertEquals(6, new HashSet<>(w0).size());
    assertEquals(6, w1.size());
    assertEquals(4, new HashSet<>(w1.subList(0, 4)).size(), "all four samples before any repeats: " + w1);
    assertEquals(4, readEpoch(m, training(1, 3), 1, 2, 0, Long.MAX_VALUE).size(), "without a step count: one pass");
  }

  @Test
  void theReaderRunsAheadOnlyByTheShuffleBufferAndPrefetchQueue() throws IOException, InterruptedException {
    ShardManifest m = TestShards.write(dir, 200, 1, 2, false);
    DataSettings s = new DataSettings(2, true, 4, 1, true, true, 1, 255, 0);
    try (Prefetcher p = TrainingData.open(m, "train", s, 0, 1, 0, Long.MAX_VALUE)) {
      p.next();
      Thread.sleep(300);
      // Taken batch + one queued + one being built, 2 records each, the 4-record buffer and the
      // one record decoding ahead.
      long read = p.recordsRead();
      assertTrue(read <= 3 * 2 + 4 + 1 + 1, "read " + read + " of 200 records ahead of the trainer");
    }
  }

  @Test
  void aCorruptShardSurfacesFromNextNamingTheFile() throws IOException {
    ShardManifest m = TestShards.write(dir, 6, 1, 2, false);
    Path shard = m.shards("train").get(1);
    byte[] bytes = Files.readAllBytes(shard);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(shard, bytes);
    DataSettings s = new DataSettings(1, false, 1, 1, true, true, 1, 255, 0);
    try (Prefetcher p = TrainingData.open(m, "train", s, 0, 1, 0, Long.MAX_VALUE)) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
        while (p.hasNext()) {
          p.next();
        }
      });
      assertTrue(e.getMessage().contains("train-00001-of-00002.tfrecord"), e.getMessage());
    }
  }

  @Test
  void closingEarlyStopsTheBackgroundThread() throws IOException, InterruptedException {
    ShardManifest m = TestShards.write(dir, 40, 1, 2, false);
    Prefetcher p = TrainingData.open(m, "train", training(2, 0), 0, 1, 0, Long.MAX_VALUE);
    p.next();
    p.close();
    assertFalse(p.hasNext());
    Thread.sleep(100);
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("hrnet-data-train-w0-e0")));
  }

  @Test
  void readsGzippedShardsFromCloudStorage() throws IOException {
    Storage.useGcsOptions(LocalStorageHelper.getOptions());
    ShardManifest m = TestShards.write(Storage.path("gs://bucket/shards"), 7, 2, 3, true);
    assertEquals(7, m.samples("train"));
    assertEquals(3, m.samples("val"));
    assertEquals(6, readEpoch(m, training(3, 1), 0, 1, 1, Long.MAX_VALUE).size());
  }

  @Test
  void aMissingOrForeignManifestIsAClearError() throws IOException {
    IOException e = assertThrows(IOException.class, () -> ShardManifest.read(dir));
    assertTrue(e.getMessage().contains("manifest.json") && e.getMessage().contains("prepare"), e.getMessage());
    Files.writeString(dir.resolve("manifest.json"), "{\"format\": \"other/2\"}");
    e = assertThrows(IOException.class, () -> ShardManifest.read(dir));
    assertTrue(e.getMessage().contains("other/2"), e.getMessage());
  }
}
