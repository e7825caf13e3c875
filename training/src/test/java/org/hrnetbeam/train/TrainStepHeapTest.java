package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.hrnetbeam.model.HrnetGraphBuilder;
import org.hrnetbeam.model.HrnetVariants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainStepHeapTest {
  private static final long GIB = 1L << 30;

  @AfterEach
  void clearMode() {
    System.clearProperty("hrnet.stepHeap");
  }

  private static ComputationGraphConfiguration graph(String variant) {
    return HrnetGraphBuilder.build(HrnetVariants.spec(variant, 19, false, 0.1));
  }

  @Test
  void onlyLargeModelsAtLargeCropsGetTheStepThreshold() {
    long w48Big = TrainStepHeap.activationBytes(graph("w48"), new long[]{2, 3, 512, 1024});
    long w48Small = TrainStepHeap.activationBytes(graph("w48"), new long[]{2, 3, 256, 512});
    long v1Big = TrainStepHeap.activationBytes(graph("w18_small_v1"), new long[]{2, 3, 512, 1024});
    // Every map scales with the crop's area at sizes divisible by 32.
    assertEquals(4 * w48Small, w48Big);
    assertTrue(w48Big > 8 * GIB && w48Big < 9 * GIB, "W48 512x1024 batch 2: " + w48Big);
    assertTrue(TrainStepHeap.isLarge(w48Big));
    assertFalse(TrainStepHeap.isLarge(w48Small));
    assertFalse(TrainStepHeap.isLarge(v1Big));
  }

  @Test
  void modePropertyForcesOrDisablesAndRejectsOtherValues() {
    System.setProperty("hrnet.stepHeap", "off");
    assertFalse(TrainStepHeap.isLarge(100 * GIB));
    System.setProperty("hrnet.stepHeap", "ON");
    assertTrue(TrainStepHeap.isLarge(0));
    System.setProperty("hrnet.stepHeap", "sometimes");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainStepHeap.isLarge(0));
    assertTrue(e.getMessage().contains("hrnet.stepHeap") && e.getMessage().contains("sometimes"), e.getMessage());
  }

  @Test
  void theStepThresholdHoldsUntilTheLastLargeStepCloses() {
    List<String> calls = new ArrayList<>();
    MallocSettings recording = new MallocSettings() {
      @Override
      public void setMmapThreshold(long bytes) {
        calls.add("mmap " + bytes);
      }

      @Override
      public void setTrimThreshold(long bytes) {
        calls.add("trim " + bytes);
      }
    };
    try (TrainStepHeap.Step small = TrainStepHeap.enter(false, recording)) {
      assertEquals(List.of(), calls, "a small step leaves the allocator alone");
    }
    try (TrainStepHeap.Step outer = TrainStepHeap.enter(true, recording)) {
      try (TrainStepHeap.Step inner = TrainStepHeap.enter(true, recording)) {
        assertEquals(List.of("mmap " + (4 << 20)), calls);
      }
      assertEquals(List.of("mmap " + (4 << 20)), calls, "another large step still runs: the threshold must stay");
    }
    assertEquals(List.of("mmap " + (4 << 20), "mmap " + (32 << 20), "trim " + (64 << 20)), calls);
  }

  @Test
  void glibcTakesTheStepAndSettledThresholdsAndOutOfRangeValuesFailNamingTheSetting() {
    assumeTrue(GlibcHeap.load().isPresent(), "glibc not found: the step threshold is a no-op here");
    GlibcHeap heap = GlibcHeap.load().get();
    // mallopt answers 1 when it takes a value; set() throws otherwise.
    heap.setMmapThreshold(TrainStepHeap.STEP_MMAP_THRESHOLD);
    heap.setMmapThreshold(GlibcHeap.MMAP_THRESHOLD_MAX);
    heap.setTrimThreshold(2 * GlibcHeap.MMAP_THRESHOLD_MAX);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> heap.setTrimThreshold(-1));
    assertTrue(e.getMessage().contains("M_TRIM_THRESHOLD") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> heap.setMmapThreshold(1L << 40));
    assertTrue(e.getMessage().contains("M_MMAP_THRESHOLD"), e.getMessage());
  }
}
