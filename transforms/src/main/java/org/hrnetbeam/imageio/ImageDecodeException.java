package org.hrnetbeam.imageio;

/** A file that cannot become an image or a label; carries the problem kind for the dead letter. */
public final class ImageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;
  private final ImageProblem problem;

  public ImageDecodeException(ImageProblem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public ImageDecodeException(ImageProblem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public ImageProblem problem() {
    return problem;
  }
}
