package org.hrnetbeam.publish;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.evaluate.EvaluationOutcome;
import org.hrnetbeam.provenance.Provenance;

/**
 * The provenance lines embedded in a published model file: the project-wide {@link Provenance}
 * (config hash, seed, library versions, git commit, time), the resolved config itself, the shard
 * manifest's hash, the source model and its own provenance, and the metrics.
 */
final class ReleaseProvenance {
  private ReleaseProvenance() {}

  /**
   * @param sourceProvenance the provenance stored in the source model file (empty for a checkpoint);
   *                         its {@code seed} is the run's seed
   */
  static Map<String, String> of(ExperimentConfig config, EvaluationOutcome outcome, Map<String, Object> sourceProvenance,
      String manifestSha256, String metricsJson) {
    Object seedValue = sourceProvenance.get("seed");
    long seed = seedValue == null ? -1 : Long.parseLong(seedValue.toString());
    Map<String, String> p = new LinkedHashMap<>();
    p.put("made_by", "hrnet publish");
    for (Map.Entry<String, Object> e : Provenance.of(config, seed).toMap().entrySet()) {
      p.put(e.getKey(), String.valueOf(e.getValue()));
    }
    if (seedValue == null) {
      p.put("seed", "unknown (the source model records none)");
    }
    p.put("resolved_config", config.toYaml());
    p.put("shard_manifest_sha256", manifestSha256);
    p.put("source_model", outcome.model());
    for (Map.Entry<String, Object> e : sourceProvenance.entrySet()) {
      p.put("source." + e.getKey(), String.valueOf(e.getValue()));
    }
    p.put("mIoU", Double.toString(outcome.meanIou()));
    p.put("val_set_sha256", outcome.valSetHash());
    p.put("val_images", Integer.toString(outcome.images()));
    p.put("metrics", metricsJson);
    return p;
  }
}
