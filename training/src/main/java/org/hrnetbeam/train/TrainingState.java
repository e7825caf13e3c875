package org.hrnetbeam.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run stands at a checkpoint: what it needs besides the weights and the momentum buffer
 * to continue exactly, at an epoch's end or after an averaging round inside an epoch. No RNG
 * object is stored because every random draw of training derives from (seed, epoch, worker): the
 * data order of epoch e is a function of them, and nothing else in a step is random (no dropout),
 * so the seed, the epoch and the iteration within it are the whole RNG state.
 *
 * @param nextEpoch the global epoch (over both phases) to run next, or to go on with
 * @param globalStep optimizer steps taken so far (those of {@code epochSoFar} included)
 * @param bestMeanIou best validation mIoU so far (−1 before any validation)
 * @param seed the run's seed
 * @param configHash sha-256 of the resolved config that wrote it, for the record
 * @param epochSoFar the iterations of {@code nextEpoch} already done (none at an epoch boundary)
 */
public record TrainingState(int nextEpoch, long globalStep, double bestMeanIou, long seed, String configHash,
    EpochProgress epochSoFar) {
  /** The state at an epoch boundary. */
  public TrainingState(int nextEpoch, long globalStep, double bestMeanIou, long seed, String configHash) {
    this(nextEpoch, globalStep, bestMeanIou, seed, configHash, EpochProgress.none());
  }

  /** The state before the first epoch. */
  public static TrainingState start(long seed, String configHash) {
    return new TrainingState(0, 0, -1, seed, configHash);
  }

  /** The iteration of {@link #nextEpoch} to go on with (0 at an epoch boundary). */
  public long nextIteration() {
    return epochSoFar.count();
  }

  /** Global optimizer steps taken before {@link #nextEpoch} started. */
  public long epochStartStep() {
    return globalStep - nextIteration();
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("next_epoch", nextEpoch);
    m.put("next_iteration", nextIteration());
    m.put("global_step", globalStep);
    m.put("best_mIoU", bestMeanIou);
    m.put("seed", seed);
    m.put("config_sha256", configHash);
    m.put("epoch_progress", epochSoFar.toMap());
    return m;
  }

  static TrainingState fromMap(Map<String, Object> m, String where) {
    for (String key : new String[]{"next_epoch", "global_step", "best_mIoU", "seed"}) {
      if (!(m.get(key) instanceof Number)) {
        throw new IllegalArgumentException(where + ": training state entry '" + key + "' is missing or not a number: "
            + m.get(key));
      }
    }
    EpochProgress soFar = EpochProgress.fromMap(m.get("epoch_progress"), where);
    Object nextIteration = m.get("next_iteration");
    if (nextIteration != null && (!(nextIteration instanceof Number n) || n.longValue() != soFar.count())) {
      throw new IllegalArgumentException(where + ": training state entry 'next_iteration' (" + nextIteration
          + ") does not match the " + soFar.count() + " iterations recorded in 'epoch_progress'");
    }
    return new TrainingState(((Number) m.get("next_epoch")).intValue(), ((Number) m.get("global_step")).longValue(),
        ((Number) m.get("best_mIoU")).doubleValue(), ((Number) m.get("seed")).longValue(),
        String.valueOf(m.get("config_sha256")), soFar);
  }
}
