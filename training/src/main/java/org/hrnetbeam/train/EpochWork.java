package org.hrnetbeam.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.schedule.ParameterGroups;
import org.hrnetbeam.schedule.Phase;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.trainlog.ProgressRecord;
import org.hrnetbeam.trainlog.ProgressTracker;

/**
 * What one epoch of a run asks of an {@link EpochTrainer}: which split, how many steps, the rate of
 * every step, and what a progress line shows. Built from the {@link Schedule} by the driver and
 * serializable, so a worker on another machine needs no schedule of its own.
 *
 * @param epoch global epoch (over both phases)
 * @param split {@code train} in the main phase, {@code extra} in the extra phase
 * @param iterations optimiser steps in this epoch (each worker takes this many)
 * @param startStep global optimiser steps taken before the epoch
 * @param epochInPhase the epoch as the reference prints it (restarts in the extra phase)
 * @param phaseEpochs epochs in this phase
 * @param lrForStep the base rate step {@code i} uses ({@link Schedule#lrForStep})
 * @param groupRatesAfter per step, each optimiser group's rate set after it (what the log prints)
 * @param stepsAfterEpoch optimiser steps the run has left after this epoch
 */
public record EpochWork(int epoch, String split, long iterations, long startStep, int epochInPhase, int phaseEpochs,
    double[] lrForStep, double[][] groupRatesAfter, long stepsAfterEpoch) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The work of global epoch {@code epoch} of {@code schedule}, starting after {@code startStep} steps. */
  public static EpochWork of(Schedule schedule, ParameterGroups groups, int epoch, long startStep) {
    Phase phase = schedule.phaseOf(epoch);
    long iters = schedule.itersInEpoch(epoch);
    double[] lrs = new double[Math.toIntExact(iters)];
    double[][] after = new double[lrs.length][];
    for (int it = 0; it < lrs.length; it++) {
      lrs[it] = schedule.lrForStep(epoch, it);
      after[it] = groups.groupRates(schedule.lrAfterStep(epoch, it)).stream().mapToDouble(Double::doubleValue).toArray();
    }
    long later = schedule.stepsRemainingAfter(epoch, iters - 1);
    return new EpochWork(epoch, phase == schedule.main() ? "train" : "extra", iters, startStep,
        schedule.epochInPhase(epoch), phase.epochs(), lrs, after, later);
  }

  /** The progress record for iteration {@code it}, just recorded in {@code tracker}. */
  public ProgressRecord progress(ProgressTracker tracker, long it) {
    List<Double> rates = new ArrayList<>();
    for (double r : groupRatesAfter[(int) it]) {
      rates.add(r);
    }
    return tracker.snapshot(epochInPhase, phaseEpochs, it, iterations, startStep + it, rates,
        stepsAfterEpoch + iterations - 1 - it);
  }
}
