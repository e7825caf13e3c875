package org.hrnetbeam.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to build an HRNetV2 segmentation network, read from {@code MODEL.EXTRA},
 * {@code DATASET.NUM_CLASSES}, {@code MODEL.ALIGN_CORNERS} and {@code PIPELINE.BN_MOMENTUM}.
 *
 * <p>Any stage configuration is accepted, not only the published variants: stage 1 is one branch
 * of {@code NUM_BLOCKS[0]} blocks (the reference ignores its NUM_MODULES), stages 2–4 any number of
 * branches and modules.
 *
 * @param stages          STAGE1..STAGE4, in order
 * @param finalConvKernel kernel of the classifier convolution (1 or 3, as {@code FINAL_CONV_KERNEL})
 * @param numClasses      output channels of the classifier
 * @param alignCorners    bilinear convention of every resize in the network
 * @param bnMomentum      PyTorch-convention BN momentum: running = (1 − m)·running + m·batch.
 *                        0.1 on the reference branch our users follow, 0.01 on the older
 *                        {@code pytorch-v1.1} branch that produced the shared parity fixture
 */
public record HrnetSpec(List<StageSpec> stages, int finalConvKernel, int numClasses, boolean alignCorners,
            double bnMomentum) {

  /** BN epsilon of every BatchNorm2d in the reference (PyTorch's default). */
  public static final double BN_EPS = 1e-5;

  public HrnetSpec {
    stages = List.copyOf(stages);
    if (stages.size() != 4) {
      throw new IllegalArgumentException("MODEL.EXTRA must define STAGE1..STAGE4, got " + stages.size() + " stages");
    }
    if (stages.get(0).numBranches() != 1) {
      throw new IllegalArgumentException("MODEL.EXTRA.STAGE1 must have exactly 1 branch, got "
          + stages.get(0).numBranches());
    }
    if (finalConvKernel != 1 && finalConvKernel != 3) {
      throw new IllegalArgumentException("MODEL.EXTRA.FINAL_CONV_KERNEL must be 1 or 3, got " + finalConvKernel);
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("DATASET.NUM_CLASSES must be at least 1, got " + numClasses);
    }
    if (!(bnMomentum > 0 && bnMomentum < 1)) {
      throw new IllegalArgumentException("PIPELINE.BN_MOMENTUM must lie in (0, 1), got " + bnMomentum);
    }
  }

  /**
   * Builds a spec from the {@code MODEL.EXTRA} map of a config.
   *
   * @throws IllegalArgumentException naming the offending key when a value is missing or inconsistent
   */
  @SuppressWarnings("unchecked")
  public static HrnetSpec fromExtra(Map<String, Object> extra, int numClasses, boolean alignCorners,
                                      double bnMomentum) {
    if (extra == null) {
      throw new IllegalArgumentException("MODEL.EXTRA is missing");
    }
    List<StageSpec> stages = new java.util.ArrayList<>();
    for (int s = 1; s <= 4; s++) {
      String key = "STAGE" + s;
      Object stage = extra.get(key);
      if (stage != null && !(stage instanceof Map)) {
        throw new IllegalArgumentException("MODEL.EXTRA." + key + " must be a map, got '" + stage + "'");
      }
      stages.add(StageSpec.fromMap("MODEL.EXTRA." + key, (Map<String, Object>) stage));
    }
    int kernel = extra.containsKey("FINAL_CONV_KERNEL")
        ? ExtraValues.positiveInt("MODEL.EXTRA.FINAL_CONV_KERNEL", extra.get("FINAL_CONV_KERNEL")) : 1;
    return new HrnetSpec(stages, kernel, numClasses, alignCorners, bnMomentum);
  }

  /**
   * The spec of an experiment: {@code MODEL.EXTRA}, {@code DATASET.NUM_CLASSES},
   * {@code MODEL.ALIGN_CORNERS} and {@code PIPELINE.BN_MOMENTUM}.
   */
  public static HrnetSpec from(org.hrnetbeam.config.ExperimentConfig config) {
    return fromExtra(config.getMap("MODEL.EXTRA"), config.getInt("DATASET.NUM_CLASSES"),
        config.getBoolean("MODEL.ALIGN_CORNERS"), config.getDouble("PIPELINE.BN_MOMENTUM"));
  }

  /** The spec as a {@code MODEL.EXTRA}-shaped map (inverse of {@link #fromExtra}), for storing beside weights. */
  public Map<String, Object> toExtra() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("FINAL_CONV_KERNEL", finalConvKernel);
    for (int s = 0; s < stages.size(); s++) {
      StageSpec st = stages.get(s);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("NUM_MODULES", st.numModules());
      m.put("NUM_BRANCHES", st.numBranches());
      m.put("BLOCK", st.block().name());
      m.put("NUM_BLOCKS", st.numBlocks());
      m.put("NUM_CHANNELS", st.numChannels());
      m.put("FUSE_METHOD", st.fuseMethod());
      extra.put("STAGE" + (s + 1), m);
    }
    return extra;
  }

  /** Output widths of the last stage's branches; their sum is the width the head sees. */
  public List<Integer> lastStageChannels() {
    StageSpec last = stages.get(3);
    return java.util.stream.IntStream.range(0, last.numBranches()).mapToObj(last::outputChannels).toList();
  }
}
