package org.hrnetbeam.trainlog;

import java.util.List;

/**
 * One logged training iteration: what the console line, train_log.jsonl and TensorBoard show.
 * Averages run over the iterations of the current epoch so far, as the reference's
 * {@code AverageMeter}s do.
 *
 * @param epoch 0-based epoch within its phase, as the reference prints it
 * @param epochs epochs in that phase (END_EPOCH, or EXTRA_EPOCH in the extra phase)
 * @param iteration 0-based iteration within the epoch
 * @param epochIters iterations per epoch
 * @param globalStep optimizer steps taken before this one over the whole run; the x axis of the curves
 * @param lrs the rate of each optimizer group, set after this step as the reference prints it
 * @param averageLoss mean training loss over the epoch so far
 * @param batchSeconds mean wall time per iteration, data wait included
 * @param dataSeconds mean time per iteration spent waiting for the batch
 * @param imagesPerSecond images of all workers per second of wall time
 * @param etaSeconds estimated seconds until the run ends
 */
public record ProgressRecord(int epoch, int epochs, long iteration, long epochIters, long globalStep,
    List<Double> lrs, double averageLoss, double batchSeconds, double dataSeconds,
    double imagesPerSecond, double etaSeconds) {
  public ProgressRecord {
    lrs = List.copyOf(lrs);
  }
}
