package org.hrnetbeam.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hrnetbeam.records.SampleRecord;
import org.junit.jupiter.api.Test;

class SampleNormalizerTest {
  private static final int W = TestShards.WIDTH;
  private static final int H = TestShards.HEIGHT;

  @Test
  void imagesBecomeImagenetNormalisedChwPlanes() {
    NormalizedSample s = new SampleNormalizer(255, 255).normalize(TestShards.record(200, 3), "test");
    assertEquals(TestShards.id(200), s.sampleId());
    assertEquals(3, s.copy());
    int plane = W * H;
    assertEquals(3 * plane, s.chw().length);
    int x = 5;
    int y = 4;
    int p = y * W + x;
    // (v / 255 - mean) / std per channel, written out for R = 200, G = 3, B = x + y = 9.
    assertEquals((200 / 255.0 - 0.485) / 0.229, s.chw()[p], 1e-6);
    assertEquals((3 / 255.0 - 0.456) / 0.224, s.chw()[plane + p], 1e-6);
    assertEquals((9 / 255.0 - 0.406) / 0.225, s.chw()[2 * plane + p], 1e-6);
    assertEquals((0 - 0.406) / 0.225, s.chw()[2 * plane], 1e-6);
  }

  @Test
  void labelsKeepTheirClassesAndTheShardIgnoreBecomesTheRunsIgnore() {
    NormalizedSample kept = new SampleNormalizer(255, 255).normalize(TestShards.record(4, 0), "test");
    NormalizedSample remapped = new SampleNormalizer(255, -1).normalize(TestShards.record(4, 0), "test");
    assertEquals(W, kept.labelWidth());
    assertEquals(H, kept.labelHeight());
    for (int x = 0; x < W; x++) {
      assertEquals(255, kept.labels()[x]);
      assertEquals(-1, remapped.labels()[x]);
      assertEquals((x + 4) % 3, kept.labels()[2 * W + x]);
      assertEquals((x + 4) % 3, remapped.labels()[2 * W + x]);
    }
  }

  @Test
  void aBrokenImageIsAnErrorNamingTheRecord() {
    SampleRecord good = TestShards.record(1, 0);
    SampleRecord broken = new SampleRecord(good.sampleId(), 0, good.filename(), W, H, new byte[] {1, 2, 3}, good.labelPng());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SampleNormalizer(255, 255).normalize(broken, "train-00000 record 7"));
    assertTrue(e.getMessage().contains("train-00000 record 7") && e.getMessage().contains("img/001.png"), e.getMessage());
    SampleRecord wrongSize = new SampleRecord(good.sampleId(), 0, good.filename(), W + 1, H, good.imagePng(), good.labelPng());
    e = assertThrows(IllegalArgumentException.class, () -> new SampleNormalizer(255, 255).normalize(wrongSize, "r"));
    assertTrue(e.getMessage().contains("record says 9x6"), e.getMessage());
  }
}
