package org.hrnetbeam.train;

import java.io.IOException;

/**
 * Trains one epoch for {@link TrainingRun}, which keeps everything around the epoch (resume,
 * validation, checkpoint, best/final, logs) in one code path whatever runs the epoch: in this
 * process ({@link InProcessEpochs}, one worker) or as a Beam pipeline of several workers.
 */
public interface EpochTrainer {
  /**
   * Trains {@code work} from iteration {@code checkpoints.firstIteration()} (0, or where a
   * mid-epoch checkpoint left the epoch), starting from {@code trainer}'s parameters and momentum
   * buffer, and leaves the epoch's end state in them. Writes the mid-epoch checkpoints
   * {@code checkpoints} asks for, each with the averaged state after its round.
   *
   * @param log gets every iteration trained here, in order (the loss averaged over workers), when
   *     it happens or after the epoch
   * @throws NonFiniteLossException naming the epoch and iteration when a loss is NaN or infinite
   */
  void train(Trainer trainer, EpochWork work, RoundCheckpoints checkpoints, IterationLog log) throws IOException;

  /** Whether {@link #train} prints the console progress line itself, as it goes. */
  boolean printsProgress();

  /** Recorded in the model files' provenance ({@code made_by}). */
  String description();

  /** What {@link TrainingRun} does with each finished iteration. */
  interface IterationLog {
    /**
     * @param it iteration within the epoch
     * @param loss the iteration's loss (the mean over workers)
     * @param iterationNanos wall time of the iteration, data wait included
     * @param dataNanos time spent waiting for the batch
     */
    void iteration(long it, double loss, long iterationNanos, long dataNanos) throws IOException;
  }
}
