package org.hrnetbeam.ingest;

import java.io.Serializable;

/**
 * One labelled sample before it is read: where its image and label live.
 *
 * @param id stable identity (the image path relative to the dataset root); every random draw of
 *     the sample derives from it, so it must not depend on where the dataset is mounted
 * @param split "train", "val" or "extra"
 * @param image absolute path or gs:// URI of the image
 * @param label absolute path or gs:// URI of the label, or "" when the layout found none
 */
public record SampleRef(String id, String split, String image, String label) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SampleRef {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("sample id must not be empty (image " + image + ")");
    }
  }
}
