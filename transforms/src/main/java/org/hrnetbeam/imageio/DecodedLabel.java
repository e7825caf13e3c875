package org.hrnetbeam.imageio;

/**
 * A decoded label of source values as {@link ImageDecoder#decodeSourceLabel} returns it: one
 * byte per pixel for 8-bit PNGs (most datasets), which the label map reads without widening, or
 * one int per pixel for 16-bit labels and the formats only {@code javax.imageio} reads.
 */
public sealed interface DecodedLabel extends java.io.Serializable permits ByteLabel, LabelImage {
  int width();

  int height();
}
