package org.hrnetbeam.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published HRNetV2 variants as {@code MODEL.EXTRA} maps, exactly as the reference experiment
 * YAMLs write them (STAGE1 with the misspelt {@code NUM_RANCHES}). Used by tests and the benchmark;
 * real runs read {@code MODEL.EXTRA} from their config.
 */
public final class HrnetVariants {
  private HrnetVariants() {
  }

  /** Names accepted by {@link #extra(String)}. */
  public static final List<String> NAMES = List.of("w18_small_v1", "w18_small_v2", "w18", "w32", "w48");

  /** The MODEL.EXTRA map of a named variant; fails listing the valid names. */
  public static Map<String, Object> extra(String name) {
    return switch (name) {
      case "w18_small_v1" -> build(32, 1, new int[]{1, 1, 1}, 2, new int[]{16, 32, 64, 128}, 1);
      case "w18_small_v2" -> build(64, 2, new int[]{1, 3, 2}, 2, new int[]{18, 36, 72, 144}, 1);
      case "w18" -> build(64, 4, new int[]{1, 4, 3}, 4, new int[]{18, 36, 72, 144}, 1);
      case "w32" -> build(64, 4, new int[]{1, 4, 3}, 4, new int[]{32, 64, 128, 256}, 1);
      case "w48" -> build(64, 4, new int[]{1, 4, 3}, 4, new int[]{48, 96, 192, 384}, 1);
      default -> throw new IllegalArgumentException("unknown HRNet variant '" + name + "'; expected one of " + NAMES);
    };
  }

  /** The spec of a named variant with the given head and conventions. */
  public static HrnetSpec spec(String name, int numClasses, boolean alignCorners, double bnMomentum) {
    return HrnetSpec.fromExtra(extra(name), numClasses, alignCorners, bnMomentum);
  }

  private static Map<String, Object> build(int stage1Planes, int stage1Blocks, int[] modules, int blocks,
                       int[] widths, int finalKernel) {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("FINAL_CONV_KERNEL", finalKernel);
    Map<String, Object> s1 = new LinkedHashMap<>();
    s1.put("NUM_MODULES", 1);
    s1.put("NUM_RANCHES", 1);
    s1.put("BLOCK", "BOTTLENECK");
    s1.put("NUM_BLOCKS", List.of(stage1Blocks));
    s1.put("NUM_CHANNELS", List.of(stage1Planes));
    s1.put("FUSE_METHOD", "SUM");
    extra.put("STAGE1", s1);
    for (int s = 2; s <= 4; s++) {
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("NUM_MODULES", modules[s - 2]);
      st.put("NUM_BRANCHES", s);
      st.put("BLOCK", "BASIC");
      st.put("NUM_BLOCKS", java.util.Collections.nCopies(s, blocks));
      st.put("NUM_CHANNELS", java.util.Arrays.stream(widths, 0, s).boxed().toList());
      st.put("FUSE_METHOD", "SUM");
      extra.put("STAGE" + s, st);
    }
    return extra;
  }
}
