package org.hrnetbeam.ingest;

/** Thrown by per-sample logic when a sample must go to the dead letters instead of a shard. */
public final class SampleRejectedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final DeadLetter deadLetter;

  public SampleRejectedException(DeadLetter deadLetter) {
    super(deadLetter.path() + ": " + deadLetter.reason() + " (" + deadLetter.detail() + ")");
    this.deadLetter = deadLetter;
  }

  public DeadLetter deadLetter() {
    return deadLetter;
  }
}
