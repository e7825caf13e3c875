package org.hrnetbeam.imageio;

/** Why a file could not be decoded; the names are the reasons written to the dead-letter file. */
public enum ImageProblem {
  /** Zero bytes. */
  EMPTY_FILE,
  /** Not a PNG/JPEG, corrupt or truncated data. */
  UNREADABLE,
  /** A depth this stage does not read (16-bit colour images, labels deeper than 16 bits). */
  UNSUPPORTED_BIT_DEPTH,
  /** A label with more than one channel (e.g. an RGB colour-coded mask). */
  UNSUPPORTED_CHANNELS;

  /** Lower-case name used in counters and dead-letter records. */
  public String reason() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
