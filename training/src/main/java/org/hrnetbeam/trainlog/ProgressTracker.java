package org.hrnetbeam.trainlog;

import java.util.List;

/**
 * Accumulates loss, iteration time and data-wait time over an epoch and says when a line is due
 * (iterations 0, PRINT_FREQ, 2·PRINT_FREQ, … of each epoch, as the reference).
 */
public final class ProgressTracker {
  private final int printFreq;
  private final int imagesPerIteration;
  private long count;
  private double lossSum;
  private long batchNanos;
  private long dataNanos;

  /**
   * @param printFreq PRINT_FREQ, at least 1
   * @param imagesPerIteration images all workers process per step: BATCH_SIZE_PER_GPU × workers
   */
  public ProgressTracker(int printFreq, int imagesPerIteration) {
    if (printFreq < 1) {
      throw new IllegalArgumentException("PRINT_FREQ must be >= 1, got " + printFreq);
    }
    if (imagesPerIteration < 1) {
      throw new IllegalArgumentException("images per iteration must be >= 1, got " + imagesPerIteration);
    }
    this.printFreq = printFreq;
    this.imagesPerIteration = imagesPerIteration;
  }

  /** Forgets the averages: the reference starts its meters afresh every epoch. */
  public void startEpoch() {
    count = 0;
    lossSum = 0;
    batchNanos = 0;
    dataNanos = 0;
  }

  /** Adds one finished iteration: its loss, its whole wall time and the part spent waiting for data. */
  public void record(double loss, long iterationNanos, long dataWaitNanos) {
    if (iterationNanos < 0 || dataWaitNanos < 0) {
      throw new IllegalArgumentException("negative duration: iteration " + iterationNanos + " ns, data " + dataWaitNanos + " ns");
    }
    count++;
    lossSum += loss;
    batchNanos += iterationNanos;
    dataNanos += dataWaitNanos;
  }

  /** Whether iteration {@code iterationInEpoch} gets a log line. */
  public boolean due(long iterationInEpoch) {
    return iterationInEpoch % printFreq == 0;
  }

  /** The record for the iteration just {@link #record}ed, with {@code stepsRemaining} left in the run. */
  public ProgressRecord snapshot(int epoch, int epochs, long iteration, long epochIters, long globalStep,
      List<Double> lrs, long stepsRemaining) {
    if (count == 0) {
      throw new IllegalStateException("no iteration recorded in this epoch yet");
    }
    double batchSeconds = batchNanos / 1e9 / count;
    double dataSeconds = dataNanos / 1e9 / count;
    double imagesPerSecond = batchSeconds > 0 ? imagesPerIteration / batchSeconds : 0;
    return new ProgressRecord(epoch, epochs, iteration, epochIters, globalStep, lrs, lossSum / count,
        batchSeconds, dataSeconds, imagesPerSecond, stepsRemaining * batchSeconds);
  }
}
