package org.hrnetbeam.train;

import java.util.Iterator;
import org.hrnetbeam.data.Batch;

/**
 * Steps one replica through a range of an epoch's iterations, reading a batch per step: the loop a
 * worker runs, shared by the in-process epoch and a Beam worker's round so both step identically.
 */
public final class ReplicaSteps {
  private ReplicaSteps() {
  }

  /** Sees each step as it finishes. */
  public interface StepObserver {
    void step(long it, double loss, long iterationNanos, long dataNanos) throws java.io.IOException;
  }

  /**
   * Runs iterations {@code from} (inclusive) to {@code to} (exclusive) of {@code work}.
   *
   * @param worker named in the error of a non-finite loss
   * @throws NonFiniteLossException naming epoch, iteration, global step, worker and samples; that
   *     step's update is not applied
   */
  public static void run(Trainer trainer, Iterator<Batch> batches, EpochWork work, long from, long to, int worker,
      StepObserver observer) throws java.io.IOException {
    for (long it = from; it < to; it++) {
      long start = System.nanoTime();
      Batch batch = batches.next();
      double loss;
      try {
        loss = trainer.step(batch.images(), batch.labels(), work.lrForStep()[(int) it]);
      } catch (NonFiniteLossException e) {
        throw new NonFiniteLossException("loss is " + e.loss() + " at epoch " + work.epoch() + ", iteration " + it
            + " (global step " + (work.startStep() + it) + ", worker " + worker + ", samples " + batch.sampleIds()
            + ")", e.loss());
      }
      observer.step(it, loss, System.nanoTime() - start, batch.waitNanos());
    }
  }
}
