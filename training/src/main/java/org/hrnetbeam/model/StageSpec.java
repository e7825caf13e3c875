package org.hrnetbeam.model;

import java.util.List;
import java.util.Map;

/**
 * One HRNet stage as {@code MODEL.EXTRA.STAGEn} describes it: {@code numModules} repeated
 * multi-resolution modules over {@code numBranches} parallel branches.
 *
 * @param numModules   how many high-resolution modules the stage chains
 * @param block        residual block used inside every branch
 * @param numBlocks    blocks per branch, one entry per branch
 * @param numChannels  planes per branch (a branch's width is planes × block expansion)
 * @param fuseMethod   how branch outputs are combined; only SUM exists in the reference
 */
public record StageSpec(int numModules, BlockType block, List<Integer> numBlocks, List<Integer> numChannels,
            String fuseMethod) {

  public StageSpec {
    numBlocks = List.copyOf(numBlocks);
    numChannels = List.copyOf(numChannels);
  }

  /** Number of parallel branches. */
  public int numBranches() {
    return numChannels.size();
  }

  /** Output width of branch {@code b}: planes × block expansion. */
  public int outputChannels(int b) {
    return numChannels.get(b) * block.expansion();
  }

  /**
   * Reads and validates one stage map. {@code prefix} (for example {@code MODEL.EXTRA.STAGE2}) names
   * the keys in error messages. The reference YAMLs spell STAGE1's branch count {@code NUM_RANCHES};
   * either spelling is accepted.
   */
  public static StageSpec fromMap(String prefix, Map<String, Object> map) {
    if (map == null) {
      throw new IllegalArgumentException(prefix + " is missing");
    }
    int modules = ExtraValues.positiveInt(prefix + ".NUM_MODULES", map.get("NUM_MODULES"));
    String branchKey = map.containsKey("NUM_BRANCHES") ? "NUM_BRANCHES" : "NUM_RANCHES";
    int branches = ExtraValues.positiveInt(prefix + "." + branchKey, map.get(branchKey));
    BlockType block = BlockType.parse(prefix + ".BLOCK", map.get("BLOCK"));
    List<Integer> blocks = ExtraValues.positiveIntList(prefix + ".NUM_BLOCKS", map.get("NUM_BLOCKS"));
    List<Integer> channels = ExtraValues.positiveIntList(prefix + ".NUM_CHANNELS", map.get("NUM_CHANNELS"));
    Object fuse = map.getOrDefault("FUSE_METHOD", "SUM");
    if (!"SUM".equals(String.valueOf(fuse))) {
      throw new IllegalArgumentException(prefix + ".FUSE_METHOD = '" + fuse + "' is not supported; expected SUM");
    }
    if (blocks.size() != branches) {
      throw new IllegalArgumentException(prefix + ".NUM_BLOCKS has " + blocks.size() + " entries " + blocks
          + " but " + prefix + "." + branchKey + " = " + branches);
    }
    if (channels.size() != branches) {
      throw new IllegalArgumentException(prefix + ".NUM_CHANNELS has " + channels.size() + " entries "
          + channels + " but " + prefix + "." + branchKey + " = " + branches);
    }
    return new StageSpec(modules, block, blocks, channels, "SUM");
  }
}
