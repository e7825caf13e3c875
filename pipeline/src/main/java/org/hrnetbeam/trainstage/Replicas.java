package org.hrnetbeam.trainstage;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The replicas this JVM holds between rounds, by run and worker. A worker whose replica is here
 * (same epoch, at the round's first iteration) continues with it; otherwise — another JVM or
 * machine ran the previous round, or the cache was dropped — it builds a new one. Both give the
 * same bytes: the round's state replaces the weights and momentum either way, and the reader is
 * positioned at the same batch.
 */
final class Replicas {
  private static final Map<String, Replica> HELD = new ConcurrentHashMap<>();

  private Replicas() {
  }

  /** Worker {@code worker}'s replica at iteration {@code at} of the job's epoch, held or built. */
  static Replica at(EpochJob job, int worker, long at) throws IOException {
    String key = key(job.runId(), worker);
    Replica held = HELD.remove(key);
    if (held != null && held.epoch == job.work().epoch() && held.nextIteration == at) {
      return held;
    }
    if (held != null) {
      held.close();
    }
    return Replica.build(job, worker, at);
  }

  /** Keeps {@code replica} for the worker's next round. */
  static void keep(EpochJob job, int worker, Replica replica) {
    Replica old = HELD.put(key(job.runId(), worker), replica);
    if (old != null && old != replica) {
      old.close();
    }
  }

  /** Closes and forgets every replica of a run (after its epoch, or when it failed). */
  static void drop(String runId) {
    HELD.entrySet().removeIf(e -> {
      if (e.getKey().startsWith(runId + "/")) {
        e.getValue().close();
        return true;
      }
      return false;
    });
  }

  private static String key(String runId, int worker) {
    return runId + "/" + worker;
  }
}
