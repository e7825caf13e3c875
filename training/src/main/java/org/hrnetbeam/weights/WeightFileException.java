package org.hrnetbeam.weights;

import java.io.IOException;

/**
 * A weight file that cannot be read or written as asked; the message always names the file (and
 * the entry inside an archive when there is one) and says what is wrong with it.
 */
public class WeightFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public WeightFileException(String file, String problem) {
    super(file + ": " + problem);
  }

  public WeightFileException(String file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
