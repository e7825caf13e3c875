package org.hrnetbeam.schedule;

/**
 * One stretch of training with its own poly curve: the main phase (END_EPOCH epochs of
 * TRAIN_SET from LR) or the extra phase (EXTRA_EPOCH epochs of EXTRA_TRAIN_SET from EXTRA_LR).
 *
 * @param name "main" or "extra", for messages
 * @param baseLr the rate the curve starts from
 * @param epochs epochs in this phase
 * @param epochIters optimizer steps per epoch (per worker; all workers step together)
 */
public record Phase(String name, double baseLr, int epochs, long epochIters) {
  public Phase {
    if (!(baseLr > 0) || Double.isInfinite(baseLr)) {
      throw new IllegalArgumentException(name + " phase: base learning rate must be > 0, got " + baseLr);
    }
    if (epochs < 0) {
      throw new IllegalArgumentException(name + " phase: epochs must be >= 0, got " + epochs);
    }
    if (epochIters < 0) {
      throw new IllegalArgumentException(name + " phase: iterations per epoch must be >= 0, got " + epochIters);
    }
  }

  /** Steps in the whole phase: the poly curve's {@code max_iters}. */
  public long maxIterations() {
    return epochs * epochIters;
  }

  /**
   * Iterations per epoch as the reference counts them: {@code ⌊samples / (batchPerWorker ×
   * workers)⌋}, the incomplete last batch dropped. The reference computes it with float division
   * and {@code int()}; integer division gives the same number for every realistic size.
   */
  public static long epochIters(long samples, int batchPerWorker, int workers) {
    if (samples < 0 || batchPerWorker < 1 || workers < 1) {
      throw new IllegalArgumentException("epoch iterations need samples >= 0, batch >= 1 and workers >= 1; got "
          + samples + " samples, batch " + batchPerWorker + ", " + workers + " workers");
    }
    return samples / ((long) batchPerWorker * workers);
  }
}
