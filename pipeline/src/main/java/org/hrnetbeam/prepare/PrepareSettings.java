package org.hrnetbeam.prepare;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hrnetbeam.augment.AugmentSettings;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.ingest.DatasetLayout;
import org.hrnetbeam.ingest.Split;
import org.hrnetbeam.remap.LabelMap;
import org.hrnetbeam.remap.LabelMaps;

/**
 * Everything the prepare pipeline reads from the experiment config, as typed values.
 *
 * @param root DATASET.ROOT
 * @param layout PIPELINE.LAYOUT
 * @param sets split → DATASET.*_SET value (train; val unless TEST_SET is empty; extra when EXTRA_TRAIN_SET is set)
 * @param labelMap PIPELINE.LABEL_MAP, resolved ("auto" picks by DATASET.DATASET)
 * @param augment TRAIN.* augmentation keys
 * @param copies PIPELINE.AUGMENT_COPIES
 * @param numShards PIPELINE.NUM_SHARDS
 * @param gzip PIPELINE.COMPRESSION == gzip
 * @param pngLevel PIPELINE.PNG_LEVEL
 * @param shardDir PIPELINE.SHARD_DIR, or &lt;output dir&gt;/shards
 * @param seed the run's seed (--seed)
 */
public record PrepareSettings(String root, DatasetLayout layout, Map<Split, String> sets, LabelMap labelMap,
    AugmentSettings augment, int copies, int numShards, boolean gzip, int pngLevel, String shardDir, long seed) {

  public static PrepareSettings from(ExperimentConfig cfg, long seed) throws IOException {
    String root = cfg.getString("DATASET.ROOT");
    if (root.isBlank()) {
      throw new IllegalArgumentException("DATASET.ROOT is empty: set it in the config or as 'DATASET.ROOT /path'");
    }
    Map<Split, String> sets = new LinkedHashMap<>();
    sets.put(Split.TRAIN, cfg.getString("DATASET.TRAIN_SET"));
    if (!cfg.getString("DATASET.TEST_SET").isBlank()) {
      sets.put(Split.VAL, cfg.getString("DATASET.TEST_SET"));
    }
    if (!cfg.getString("DATASET.EXTRA_TRAIN_SET").isBlank()) {
      sets.put(Split.EXTRA, cfg.getString("DATASET.EXTRA_TRAIN_SET"));
    }
    LabelMap map = LabelMaps.load(labelMapName(cfg));
    if (map.numClasses() != cfg.getInt("DATASET.NUM_CLASSES")) {
      throw new IllegalArgumentException("PIPELINE.LABEL_MAP " + map.name() + " has " + map.numClasses()
          + " classes but DATASET.NUM_CLASSES is " + cfg.getInt("DATASET.NUM_CLASSES"));
    }
    int ignoreLabel = cfg.getInt("TRAIN.IGNORE_LABEL");
    if (ignoreLabel != -1 && ignoreLabel != map.ignore()) {
      throw new IllegalArgumentException("TRAIN.IGNORE_LABEL is " + ignoreLabel + " but label map " + map.name()
          + " writes ignore as " + map.ignore() + "; use " + map.ignore() + " (or -1)");
    }
    java.util.List<Integer> crop = cfg.getIntList("TRAIN.IMAGE_SIZE");
    AugmentSettings augment = new AugmentSettings(cfg.getBoolean("TRAIN.MULTI_SCALE"), cfg.getInt("TRAIN.BASE_SIZE"),
        crop.get(0), crop.get(1), cfg.getInt("TRAIN.SCALE_FACTOR"), cfg.getBoolean("TRAIN.FLIP"),
        cfg.getBoolean("TRAIN.RANDOM_BRIGHTNESS"), cfg.getInt("TRAIN.RANDOM_BRIGHTNESS_SHIFT_VALUE"),
        cfg.getInt("TRAIN.DOWNSAMPLERATE"), map.ignore());
    String shardDir = cfg.getString("PIPELINE.SHARD_DIR");
    if (shardDir.isBlank()) {
      shardDir = cfg.outputDir() + "/shards";
    }
    return new PrepareSettings(root, DatasetLayout.parse(cfg.getString("PIPELINE.LAYOUT")), sets, map, augment,
        cfg.getInt("PIPELINE.AUGMENT_COPIES"), cfg.getInt("PIPELINE.NUM_SHARDS"),
        "gzip".equals(cfg.getString("PIPELINE.COMPRESSION")), cfg.getInt("PIPELINE.PNG_LEVEL"), shardDir, seed);
  }

  /** "auto" → the map of the dataset named by DATASET.DATASET. */
  public static String labelMapName(ExperimentConfig cfg) {
    String name = cfg.getString("PIPELINE.LABEL_MAP");
    if (!"auto".equals(name)) {
      return name;
    }
    String dataset = cfg.getString("DATASET.DATASET").toLowerCase(Locale.ROOT);
    return switch (dataset) {
      case "cityscapes" -> "cityscapes";
      case "camvid" -> "camvid";
      case "ade20k", "pascal_ctx", "cocostuff" -> "reduce_zero_label";
      default -> throw new IllegalArgumentException("PIPELINE.LABEL_MAP is auto but DATASET.DATASET '" + dataset
          + "' has no default map; name one of cityscapes, camvid, reduce_zero_label, identity, or a .yaml path");
    };
  }
}
