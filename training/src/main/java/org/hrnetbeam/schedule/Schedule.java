package org.hrnetbeam.schedule;

import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;

/**
 * Which base learning rate every optimizer step of a run uses: the main phase's poly curve from
 * TRAIN.LR over END_EPOCH × epoch_iters steps, then the extra phase's own curve from
 * TRAIN.EXTRA_LR over EXTRA_EPOCH × extra_epoch_iters steps. Multiply by
 * {@link ParameterGroups#multiplier} for the non-backbone group.
 *
 * <p><b>The reference's step-then-set quirk, reproduced.</b> The reference computes the poly rate
 * for iteration {@code g} <em>after</em> optimizer step {@code g} and stores it in the optimizer,
 * so step {@code g} actually uses the rate computed for {@code g − 1}: steps 0 and 1 both use the
 * base rate, and the last step of a phase uses {@code poly(max − 2)}, never reaching 0. The first
 * step of the extra phase likewise runs at the rate the main phase left behind
 * ({@code poly(LR, max − 1)}, tiny), not at EXTRA_LR. We reproduce this because users compare our
 * loss curves with the reference's step by step; the difference from the "set before step"
 * reading is one iteration of shift. {@link #lrForStep} is the rate a step uses;
 * {@link #lrAfterStep} is the rate the reference sets (and prints) after it.
 */
public final class Schedule {
  private final Phase main;
  private final Phase extra;

  /**
   * @param main the main phase
   * @param extra the extra phase; {@code epochs() == 0} for none
   */
  public Schedule(Phase main, Phase extra) {
    if (main.epochs() > 0 && main.epochIters() == 0) {
      throw new IllegalArgumentException("main phase has " + main.epochs()
          + " epochs but 0 iterations per epoch: the training set is smaller than one global batch");
    }
    if (extra.epochs() > 0 && extra.epochIters() == 0) {
      throw new IllegalArgumentException("extra phase has " + extra.epochs()
          + " epochs (TRAIN.EXTRA_EPOCH) but 0 iterations per epoch: DATASET.EXTRA_TRAIN_SET is"
          + " smaller than one global batch");
    }
    this.main = main;
    this.extra = extra;
  }

  /**
   * The schedule of a config: epoch_iters from {@code trainSamples} (and extra_epoch_iters from
   * {@code extraSamples}), TRAIN.BATCH_SIZE_PER_GPU and the worker count ({@link #workers}).
   * Pass sample counts (distinct training images), not records × augmented copies: that is what
   * the reference divides.
   */
  public static Schedule from(ExperimentConfig config, long trainSamples, long extraSamples) {
    int batch = config.getInt("TRAIN.BATCH_SIZE_PER_GPU");
    int workers = workers(config);
    int extraEpochs = config.getInt("TRAIN.EXTRA_EPOCH");
    Phase main = new Phase("main", config.getDouble("TRAIN.LR"), config.getInt("TRAIN.END_EPOCH"),
        Phase.epochIters(trainSamples, batch, workers));
    Phase extra = new Phase("extra", config.getDouble("TRAIN.EXTRA_LR"), extraEpochs,
        extraEpochs == 0 ? 0 : Phase.epochIters(extraSamples, batch, workers));
    return new Schedule(main, extra);
  }

  /** Data-parallel workers: PIPELINE.TRAIN_WORKERS, or len(GPUS) when that is 0. */
  public static int workers(ExperimentConfig config) {
    int explicit = config.getInt("PIPELINE.TRAIN_WORKERS");
    if (explicit > 0) {
      return explicit;
    }
    List<Integer> gpus = config.getIntList("GPUS");
    if (gpus.isEmpty()) {
      throw new IllegalArgumentException("GPUS is empty and PIPELINE.TRAIN_WORKERS is 0: no training workers");
    }
    return gpus.size();
  }

  public Phase main() {
    return main;
  }

  public Phase extra() {
    return extra;
  }

  /** END_EPOCH + EXTRA_EPOCH. */
  public int totalEpochs() {
    return main.epochs() + extra.epochs();
  }

  /** The phase that global epoch {@code epoch} (0-based, over both phases) belongs to. */
  public Phase phaseOf(int epoch) {
    checkEpoch(epoch);
    return epoch < main.epochs() ? main : extra;
  }

  /** The epoch's index within its phase (the reference restarts the count in the extra phase). */
  public int epochInPhase(int epoch) {
    checkEpoch(epoch);
    return epoch < main.epochs() ? epoch : epoch - main.epochs();
  }

  /** Optimizer steps in global epoch {@code epoch}. */
  public long itersInEpoch(int epoch) {
    return phaseOf(epoch).epochIters();
  }

  /** The base-group rate optimizer step {@code iter} of {@code epoch} uses (see class doc). */
  public double lrForStep(int epoch, long iter) {
    Phase phase = phaseOf(epoch);
    long step = stepInPhase(epoch, iter);
    if (step > 0) {
      return PolyDecay.lr(phase.baseLr(), step - 1, phase.maxIterations());
    }
    if (phase == main || main.maxIterations() == 0) {
      // The optimizer is built with TRAIN.LR, whichever phase runs first.
      return main.baseLr();
    }
    return PolyDecay.lr(main.baseLr(), main.maxIterations() - 1, main.maxIterations());
  }

  /** The base-group rate the reference sets, and prints, right after step {@code iter} of {@code epoch}. */
  public double lrAfterStep(int epoch, long iter) {
    Phase phase = phaseOf(epoch);
    return PolyDecay.lr(phase.baseLr(), stepInPhase(epoch, iter), phase.maxIterations());
  }

  /** Optimizer steps left in the whole run after step {@code iter} of {@code epoch}: what an ETA multiplies. */
  public long stepsRemainingAfter(int epoch, long iter) {
    long left = itersInEpoch(epoch) - 1 - stepInPhase(epoch, iter) % itersInEpoch(epoch);
    for (int e = epoch + 1; e < totalEpochs(); e++) {
      left += itersInEpoch(e);
    }
    return left;
  }

  private long stepInPhase(int epoch, long iter) {
    Phase phase = phaseOf(epoch);
    if (iter < 0 || iter >= phase.epochIters()) {
      throw new IllegalArgumentException("iteration " + iter + " of epoch " + epoch + " is outside [0, "
          + phase.epochIters() + ") of the " + phase.name() + " phase");
    }
    return epochInPhase(epoch) * phase.epochIters() + iter;
  }

  private void checkEpoch(int epoch) {
    if (epoch < 0 || epoch >= totalEpochs()) {
      throw new IllegalArgumentException("epoch " + epoch + " is outside [0, " + totalEpochs()
          + ") (TRAIN.END_EPOCH " + main.epochs() + " + TRAIN.EXTRA_EPOCH " + extra.epochs() + ")");
    }
  }

  @Override
  public String toString() {
    return "Schedule[main " + main + ", extra " + extra + "]";
  }
}
