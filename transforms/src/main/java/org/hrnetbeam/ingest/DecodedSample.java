package org.hrnetbeam.ingest;

import org.hrnetbeam.imageio.DecodedLabel;
import org.hrnetbeam.imageio.RgbImage;

/** A sample whose image and label have been read, decoded and checked to have the same size. */
public record DecodedSample(SampleRef ref, RgbImage image, DecodedLabel label) implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
}
