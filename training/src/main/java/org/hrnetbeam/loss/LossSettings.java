package org.hrnetbeam.loss;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;

/**
 * Which criterion a run trains with, resolved from the config (and, for histogram weights, the
 * shard manifest): plain or OHEM cross-entropy, with or without class weights.
 *
 * @param ignoreLabel TRAIN.IGNORE_LABEL
 * @param alignCorners MODEL.ALIGN_CORNERS: the upsampling convention before the loss
 * @param classWeights one per class, or {@code null} for none
 * @param useOhem LOSS.USE_OHEM
 * @param ohemThreshold LOSS.OHEMTHRES
 * @param ohemKeep LOSS.OHEMKEEP
 */
public record LossSettings(int ignoreLabel, boolean alignCorners, double[] classWeights, boolean useOhem,
    double ohemThreshold, int ohemKeep) {

  /**
   * The reference's Cityscapes class weights for trainIds 0..18 ({@code datasets/cityscapes.py}),
   * which {@code tools/train.py} always passes to the criterion on Cityscapes.
   */
  public static final double[] CITYSCAPES_WEIGHTS = {0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754,
      1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507};

  public LossSettings {
    classWeights = classWeights == null ? null : classWeights.clone();
  }

  /**
   * PIPELINE.CLASS_WEIGHTS: {@code reference} gives the Cityscapes list when DATASET.DATASET is
   * cityscapes and none otherwise (as the reference); {@code none} gives none; {@code histogram}
   * the manifest's {@code class_weights.values} (median-frequency weights computed by prepare).
   *
   * @param manifest the training shards' manifest; only read for {@code histogram}
   */
  public static LossSettings from(ExperimentConfig config, ShardManifest manifest) {
    int classes = config.getInt("DATASET.NUM_CLASSES");
    String mode = config.getString("PIPELINE.CLASS_WEIGHTS");
    double[] weights = switch (mode) {
      case "none" -> null;
      case "reference" -> "cityscapes".equals(config.getString("DATASET.DATASET")) ? CITYSCAPES_WEIGHTS : null;
      case "histogram" -> histogram(manifest);
      default -> throw new IllegalArgumentException("PIPELINE.CLASS_WEIGHTS '" + mode
          + "' is not one of: reference, none, histogram");
    };
    if (weights != null && weights.length != classes) {
      throw new IllegalArgumentException("PIPELINE.CLASS_WEIGHTS " + mode + " gives " + weights.length
          + " weights but DATASET.NUM_CLASSES = " + classes);
    }
    checkBalanceWeights(config);
    return new LossSettings(config.getInt("TRAIN.IGNORE_LABEL"), config.getBoolean("MODEL.ALIGN_CORNERS"), weights,
        config.getBoolean("LOSS.USE_OHEM"), config.getDouble("LOSS.OHEMTHRES"), config.getInt("LOSS.OHEMKEEP"));
  }

  /**
   * The reference sums BALANCE_WEIGHTS[i] × loss(output i) and asserts one weight per output. Our
   * models have one output (no OCR head), whose loss is taken unscaled: anything but [1] fails.
   */
  private static void checkBalanceWeights(ExperimentConfig config) {
    int outputs = config.getInt("MODEL.NUM_OUTPUTS");
    java.util.List<Double> balance = config.getDoubleList("LOSS.BALANCE_WEIGHTS");
    if (outputs != 1) {
      throw new IllegalArgumentException("MODEL.NUM_OUTPUTS " + outputs + " is not supported: the HRNet model here"
          + " has one output");
    }
    if (balance.size() != 1 || balance.get(0) != 1.0) {
      throw new IllegalArgumentException("LOSS.BALANCE_WEIGHTS " + balance + " does not fit MODEL.NUM_OUTPUTS 1;"
          + " use [1]");
    }
  }

  private static double[] histogram(ShardManifest manifest) {
    if (manifest == null) {
      throw new IllegalArgumentException("PIPELINE.CLASS_WEIGHTS histogram needs the shard manifest");
    }
    JsonNode values = manifest.root().path("class_weights").path("values");
    if (!values.isArray() || values.isEmpty()) {
      throw new IllegalArgumentException("PIPELINE.CLASS_WEIGHTS histogram: " + manifest.dir()
          + "/manifest.json has no class_weights.values list");
    }
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).asDouble();
    }
    return out;
  }

  /** The graph's output layer for these settings. */
  public SegmentationLossLayer layer() {
    return useOhem ? new SegmentationLossLayer(ignoreLabel, alignCorners, classWeights, ohemThreshold, ohemKeep)
        : new SegmentationLossLayer(ignoreLabel, alignCorners, classWeights);
  }

  /** The criterion itself, for scoring outside the graph (validation loss). */
  public SegmentationCriterion criterion() {
    return layer().criterion();
  }

  @Override
  public double[] classWeights() {
    return classWeights == null ? null : classWeights.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossSettings l && l.ignoreLabel == ignoreLabel && l.alignCorners == alignCorners
        && Arrays.equals(l.classWeights, classWeights) && l.useOhem == useOhem
        && l.ohemThreshold == ohemThreshold && l.ohemKeep == ohemKeep;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(classWeights) * 31 + java.util.Objects.hash(ignoreLabel, alignCorners, useOhem,
        ohemThreshold, ohemKeep);
  }
}
