package org.hrnetbeam.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The two residual blocks of HRNet; {@code expansion} multiplies a block's planes into its output width. */
public enum BlockType {
  /** Two 3×3 convolutions with BN; used by stages 2–4 of every published variant. */
  BASIC(1),
  /** 1×1, 3×3, 1×1 convolutions with BN; the output is 4× the planes. Used by stage 1. */
  BOTTLENECK(4);

  private final int expansion;

  BlockType(int expansion) {
    this.expansion = expansion;
  }

  /** Output channels per planes of the block. */
  public int expansion() {
    return expansion;
  }

  /** Parses a config value, failing with the key and the accepted names. */
  public static BlockType parse(String key, Object value) {
    for (BlockType t : values()) {
      if (t.name().equals(String.valueOf(value))) {
        return t;
      }
    }
    throw new IllegalArgumentException(key + " = '" + value + "' is not a block type; expected one of "
        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }
}
