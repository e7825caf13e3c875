package org.hrnetbeam.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HrnetSpecTest {

  @Test
  void readsTheMisspeltStage1KeyAndTheWidths() {
    HrnetSpec spec = HrnetVariants.spec("w18_small_v1", 19, false, 0.01);
    assertEquals(1, spec.stages().get(0).numBranches());
    assertEquals(BlockType.BOTTLENECK, spec.stages().get(0).block());
    assertEquals(List.of(16, 32, 64, 128), spec.lastStageChannels());
    assertEquals(240, spec.lastStageChannels().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void roundTripsThroughTheExtraMap() {
    HrnetSpec spec = HrnetVariants.spec("w48", 19, true, 0.1);
    assertEquals(spec, HrnetSpec.fromExtra(spec.toExtra(), 19, true, 0.1));
  }

  @Test
  void blockListLengthMismatchNamesTheKey() {
    Map<String, Object> extra = copy(HrnetVariants.extra("w18"));
    stage(extra, "STAGE3").put("NUM_BLOCKS", List.of(4, 4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HrnetSpec.fromExtra(extra, 19, true, 0.1));
    assertTrue(e.getMessage().contains("MODEL.EXTRA.STAGE3.NUM_BLOCKS"), e.getMessage());
  }

  @Test
  void channelListLengthMismatchNamesTheKey() {
    Map<String, Object> extra = copy(HrnetVariants.extra("w18"));
    stage(extra, "STAGE4").put("NUM_CHANNELS", List.of(18, 36, 72));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HrnetSpec.fromExtra(extra, 19, true, 0.1));
    assertTrue(e.getMessage().contains("MODEL.EXTRA.STAGE4.NUM_CHANNELS"), e.getMessage());
  }

  @Test
  void unknownBlockAndFuseMethodAreRejectedByName() {
    Map<String, Object> extra = copy(HrnetVariants.extra("w18"));
    stage(extra, "STAGE2").put("BLOCK", "BASICK");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HrnetSpec.fromExtra(extra, 19, true, 0.1));
    assertTrue(e.getMessage().contains("MODEL.EXTRA.STAGE2.BLOCK = 'BASICK'"), e.getMessage());

    Map<String, Object> extra2 = copy(HrnetVariants.extra("w18"));
    stage(extra2, "STAGE2").put("FUSE_METHOD", "CAT");
    e = assertThrows(IllegalArgumentException.class, () -> HrnetSpec.fromExtra(extra2, 19, true, 0.1));
    assertTrue(e.getMessage().contains("MODEL.EXTRA.STAGE2.FUSE_METHOD"), e.getMessage());
  }

  @Test
  void missingStageAndBadMomentumAreReported() {
    Map<String, Object> extra = copy(HrnetVariants.extra("w18"));
    extra.remove("STAGE4");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HrnetSpec.fromExtra(extra, 19, true, 0.1));
    assertTrue(e.getMessage().contains("MODEL.EXTRA.STAGE4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> HrnetSpec.fromExtra(HrnetVariants.extra("w18"), 19, true, 1.5));
    assertTrue(e.getMessage().contains("PIPELINE.BN_MOMENTUM"), e.getMessage());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stage(Map<String, Object> extra, String key) {
    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) extra.get(key));
    extra.put(key, copy);
    return copy;
  }

  private static Map<String, Object> copy(Map<String, Object> m) {
    return new LinkedHashMap<>(m);
  }
}
