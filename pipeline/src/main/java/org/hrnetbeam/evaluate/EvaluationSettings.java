package org.hrnetbeam.evaluate;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.storage.Storage;

/**
 * What the evaluation stage reads and where it writes, resolved from the config and the shard
 * manifest before the pipeline is built, so a missing val split fails at once.
 *
 * @param model         the model location as given (local or gs://)
 * @param shardDir      PIPELINE.SHARD_DIR, or {@code <output dir>/shards}
 * @param evaluationDir {@code <output dir>/evaluation}
 * @param valShards     the val split's shard files (read parallelism = their number)
 * @param gzip          whether the shards are GZIP-compressed (from the manifest)
 * @param shardIgnore   the ignore value inside the shards (manifest labels.ignore)
 * @param ignoreLabel   TRAIN.IGNORE_LABEL: what the confusion matrix skips
 * @param numClasses    DATASET.NUM_CLASSES, checked against the manifest's label map
 * @param classNames    class names from the manifest's label map
 * @param labelMap      the label map's name (part of the val set's identity)
 * @param pictures      PIPELINE.EVAL_PICTURES: validation images kept for comparison panels
 */
public record EvaluationSettings(String model, String shardDir, String evaluationDir, List<String> valShards,
    boolean gzip, int shardIgnore, int ignoreLabel, int numClasses, List<String> classNames, String labelMap,
    int pictures) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The folder under the output directory that holds every evaluation output. */
  public static final String FOLDER = "evaluation";

  public EvaluationSettings {
    valShards = List.copyOf(valShards);
    classNames = List.copyOf(classNames);
  }

  /** PIPELINE.SHARD_DIR, or {@code <output dir>/shards} when it is empty (as prepare writes them). */
  public static String shardDir(ExperimentConfig config) {
    String dir = config.getString("PIPELINE.SHARD_DIR");
    return dir.isBlank() ? config.outputDir() + "/shards" : dir;
  }

  public static EvaluationSettings from(ExperimentConfig config, String model) throws IOException {
    String shardDir = shardDir(config);
    ShardManifest manifest = ShardManifest.read(Storage.path(shardDir));
    String where = Storage.location(Storage.path(shardDir).resolve("manifest.json"));
    if (!manifest.hasSplit("val")) {
      throw new IllegalArgumentException(where + " has no val split: set DATASET.TEST_SET and run prepare again");
    }
    int numClasses = config.getInt("DATASET.NUM_CLASSES");
    if (manifest.numClasses() != numClasses) {
      throw new IllegalArgumentException(where + " has " + manifest.numClasses() + " classes but DATASET.NUM_CLASSES is "
          + numClasses);
    }
    List<String> shards = new ArrayList<>();
    for (java.nio.file.Path shard : manifest.shards("val")) {
      shards.add(Storage.location(shard));
    }
    List<String> names = new ArrayList<>();
    manifest.root().path("labels").path("classes").forEach(n -> names.add(n.asText()));
    return new EvaluationSettings(model, shardDir, config.outputDir() + "/" + FOLDER, shards, manifest.gzip(),
        manifest.ignoreLabel(), config.getInt("TRAIN.IGNORE_LABEL"), numClasses, names,
        manifest.root().path("labels").path("label_map").asText(""), config.getInt("PIPELINE.EVAL_PICTURES"));
  }
}
