package org.hrnetbeam.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run stands after an epoch: what a checkpoint needs besides the weights and the momentum
 * buffer to continue exactly. No RNG object is stored because every random draw of training derives
 * from (seed, epoch, worker): the data order of epoch e is a function of them, and nothing else in
 * a step is random (no dropout), so the seed and the next epoch are the whole RNG state.
 *
 * @param nextEpoch the global epoch (over both phases) to run next
 * @param globalStep optimizer steps taken so far
 * @param bestMeanIou best validation mIoU so far (−1 before any validation)
 * @param seed the run's seed
 * @param configHash sha-256 of the resolved config that wrote it, for the record
 */
public record TrainingState(int nextEpoch, long globalStep, double bestMeanIou, long seed, String configHash) {
  /** The state before the first epoch. */
  public static TrainingState start(long seed, String configHash) {
    return new TrainingState(0, 0, -1, seed, configHash);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("next_epoch", nextEpoch);
    m.put("global_step", globalStep);
    m.put("best_mIoU", bestMeanIou);
    m.put("seed", seed);
    m.put("config_sha256", configHash);
    return m;
  }

  static TrainingState fromMap(Map<String, Object> m, String where) {
    for (String key : new String[]{"next_epoch", "global_step", "best_mIoU", "seed"}) {
      if (!(m.get(key) instanceof Number)) {
        throw new IllegalArgumentException(where + ": training state entry '" + key + "' is missing or not a number: "
            + m.get(key));
      }
    }
    return new TrainingState(((Number) m.get("next_epoch")).intValue(), ((Number) m.get("global_step")).longValue(),
        ((Number) m.get("best_mIoU")).doubleValue(), ((Number) m.get("seed")).longValue(),
        String.valueOf(m.get("config_sha256")));
  }
}
