package org.hrnetbeam.ingest;

/** The sets the prepare stage writes, with the file-name prefix of their shards. */
public enum Split {
  /** DATASET.TRAIN_SET: augmented, K copies per image. */
  TRAIN("train", true),
  /** DATASET.TEST_SET: validation, written un-augmented at full resolution. */
  VAL("val", false),
  /** DATASET.EXTRA_TRAIN_SET: the reference's extra phase; augmented like train. */
  EXTRA("extra", true);

  private final String prefix;
  private final boolean augmented;

  Split(String prefix, boolean augmented) {
    this.prefix = prefix;
    this.augmented = augmented;
  }

  public String prefix() {
    return prefix;
  }

  public boolean augmented() {
    return augmented;
  }

  public static Split fromPrefix(String prefix) {
    for (Split s : values()) {
      if (s.prefix.equals(prefix)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown split '" + prefix + "', expected train, val or extra");
  }
}
