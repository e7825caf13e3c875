package org.hrnetbeam.train;

/** A training step produced a NaN or infinite loss; the step's update was not applied. */
public final class NonFiniteLossException extends RuntimeException {
  private final double loss;

  public NonFiniteLossException(String message, double loss) {
    super(message);
    this.loss = loss;
  }

  public double loss() {
    return loss;
  }
}
