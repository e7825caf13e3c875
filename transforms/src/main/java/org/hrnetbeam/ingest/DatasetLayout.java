package org.hrnetbeam.ingest;

import java.util.Arrays;
import java.util.Locale;

/** How image/label pairs are found under DATASET.ROOT (PIPELINE.LAYOUT). */
public enum DatasetLayout {
  /** The reference's list files: "image label" per line, relative to the root. */
  LIST,
  /** leftImg8bit/&lt;split&gt;/&lt;city&gt;/*_leftImg8bit.png with gtFine/…/*_gtFine_labelIds.png. */
  CITYSCAPES,
  /** images/&lt;split&gt;/… paired with labels/&lt;split&gt;/… by file stem. */
  FOLDERS;

  public static DatasetLayout parse(String value) {
    for (DatasetLayout layout : values()) {
      if (layout.name().equalsIgnoreCase(value)) {
        return layout;
      }
    }
    throw new IllegalArgumentException("PIPELINE.LAYOUT: unknown layout '" + value + "', expected one of "
        + Arrays.toString(values()).toLowerCase(Locale.ROOT));
  }
}
