package org.hrnetbeam.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  // Worked by hand: pairs (gt, pred) = (0,0) (0,1) (1,1) (1,1) (2,0) ignored (0,0) (1,2).
  private static final int[] GT = {0, 0, 1, 1, 2, 255, 0, 1};
  private static final int[] PRED = {0, 1, 1, 1, 0, 2, 0, 2};

  @Test
  void countsMatchTheHandComputedMatrix() {
    ConfusionMatrix m = new ConfusionMatrix(3, 255).add(PRED, GT);
    long[][] expected = {{2, 1, 0}, {0, 2, 1}, {1, 0, 0}};
    assertArrayEquals(expected, m.toArray());
    assertEquals(7, m.total());
  }

  @Test
  void metricsMatchTheHandComputedValues() {
    SegmentationMetrics r = new ConfusionMatrix(3, 255).add(PRED, GT).finish();
    // IoU0 = 2/(3+3-2), IoU1 = 2/(3+3-2), IoU2 = 0/(1+1-0)
    assertArrayEquals(new double[] {0.5, 0.5, 0.0}, r.iou(), 1e-12);
    assertEquals(1.0 / 3, r.meanIou(), 1e-12);
    assertEquals(1.0 / 3, r.meanIouPresent(), 1e-12);
    assertEquals(4.0 / 7, r.pixelAccuracy(), 1e-12);
    assertEquals((2.0 / 3 + 2.0 / 3 + 0) / 3, r.meanAccuracy(), 1e-12);
  }

  @Test
  void anAbsentClassCountsZeroForTheReferenceAndIsSkippedByMmseg() {
    SegmentationMetrics r = new ConfusionMatrix(4, 255).add(PRED, GT).finish();
    assertEquals(0.0, r.iou()[3]);
    assertEquals(1.0 / 4, r.meanIou(), 1e-12);
    assertEquals(1.0 / 3, r.meanIouPresent(), 1e-12);
    assertEquals((4.0 / 3) / 4, r.meanAccuracy(), 1e-12);
    assertEquals(4.0 / 9, r.meanAccuracyPresent(), 1e-12);
    assertEquals(false, r.present(3));
  }

  @Test
  void aClassOnlyPredictedIsPresentForMmseg() {
    // class 2 never in ground truth but predicted once: union 1, IoU 0, still averaged by mmseg
    SegmentationMetrics r = new ConfusionMatrix(3, -1).add(new int[] {0, 2}, new int[] {0, 0}).finish();
    assertEquals(0.5, r.iou()[0], 1e-12);
    assertEquals((0.5 + 0 + 0) / 3, r.meanIou(), 1e-12);
    assertEquals((0.5 + 0) / 2, r.meanIouPresent(), 1e-12);
    assertEquals(0.5, r.meanAccuracyPresent(), 1e-12);
  }

  @Test
  void mergingPartsEqualsAddingEverything() {
    Random random = new Random(7);
    int n = 10_000;
    int[] gt = new int[n];
    int[] pred = new int[n];
    for (int i = 0; i < n; i++) {
      gt[i] = random.nextInt(10) == 0 ? 255 : random.nextInt(19);
      pred[i] = random.nextInt(19);
    }
    ConfusionMatrix whole = new ConfusionMatrix(19, 255).add(pred, gt);
    ConfusionMatrix a = new ConfusionMatrix(19, 255).add(slice(pred, 0, 3000), slice(gt, 0, 3000));
    ConfusionMatrix b = new ConfusionMatrix(19, 255).add(slice(pred, 3000, n), slice(gt, 3000, n));
    assertEquals(whole, a.merge(b));
    assertEquals(whole.finish().meanIou(), a.finish().meanIou(), 0.0);
  }

  @Test
  void survivesJavaSerialisationAsABeamAccumulatorMust() throws Exception {
    ConfusionMatrix m = new ConfusionMatrix(3, 255).add(PRED, GT);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(m, in.readObject());
    }
  }

  @Test
  void labelsOutOfRangeFailNamingTheValue() {
    ConfusionMatrix m = new ConfusionMatrix(3, 255);
    IllegalArgumentException gt = assertThrows(IllegalArgumentException.class,
        () -> m.add(new int[] {0, 0}, new int[] {0, 7}));
    assertTrue(gt.getMessage().contains("ground-truth label 7 at pixel 1"), gt.getMessage());
    IllegalArgumentException pred = assertThrows(IllegalArgumentException.class,
        () -> m.add(new int[] {-2}, new int[] {1}));
    assertTrue(pred.getMessage().contains("predicted class -2"), pred.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.add(new int[2], new int[3]));
    assertThrows(IllegalArgumentException.class, () -> m.merge(new ConfusionMatrix(4, 255)));
  }

  @Test
  void nothingCountedGivesNanWhereBothReferencesDivideByZero() {
    SegmentationMetrics r = new ConfusionMatrix(2, 255).add(new int[] {1}, new int[] {255}).finish();
    assertEquals(0.0, r.meanIou());
    assertTrue(Double.isNaN(r.pixelAccuracy()));
    assertTrue(Double.isNaN(r.meanIouPresent()));
    Map<String, Object> map = r.toMap(List.of("a", "b"));
    assertNull(map.get("pixel_accuracy"));
    assertEquals(0.0, map.get("mIoU"));
  }

  @Test
  void mapNamesClassesAndCarriesCounts() {
    Map<String, Object> map = new ConfusionMatrix(3, 255).add(PRED, GT).finish().toMap(List.of("a", "b", "c"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> classes = (List<Map<String, Object>>) map.get("classes");
    assertEquals("c", classes.get(2).get("name"));
    assertEquals(1L, classes.get(2).get("gt_pixels"));
    assertEquals(0.5, classes.get(0).get("iou"));
    assertThrows(IllegalArgumentException.class,
        () -> new ConfusionMatrix(3, 255).finish().toMap(List.of("only one")));
  }

  @Test
  void countsReadBackGiveTheSameMatrixAndBadCountsAreRefused() {
    ConfusionMatrix m = new ConfusionMatrix(3, 255).add(PRED, GT);
    assertEquals(m, ConfusionMatrix.of(m.toArray(), 255));
    assertEquals(m.finish().meanIou(), ConfusionMatrix.of(m.toArray(), 255).finish().meanIou(), 0.0);
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> ConfusionMatrix.of(new long[][] {{1, 2}, {3}}, 255));
    assertTrue(ragged.getMessage().contains("row 1"), ragged.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new long[][] {{1, -2}, {3, 4}}, 255));
  }

  private static int[] slice(int[] a, int from, int to) {
    return java.util.Arrays.copyOfRange(a, from, to);
  }
}
