package org.hrnetbeam.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.util.ModelSerializer;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.storage.LocalStaging;
import org.hrnetbeam.storage.Storage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code checkpoint} file: a {@link ModelFile} (weights, BN statistics, spec, provenance) with
 * two more entries, the SGD momentum buffer and the {@link TrainingState} as YAML. Written to a
 * local temporary file first and then moved into place by {@link Storage#writeAtomically}, so a
 * failed or interrupted write leaves the previous checkpoint as it was.
 */
public final class TrainingCheckpoint {
  /** The file name in the output directory, as the reference's. */
  public static final String FILE_NAME = "checkpoint";
  static final String MOMENTUM_KEY = "hrnet-sgd-momentum";
  static final String STATE_KEY = "hrnet-training-state";

  private TrainingCheckpoint() {
  }

  /** What a checkpoint restores. */
  public record Loaded(HrnetModel model, INDArray momentum, TrainingState state) {
  }

  public static void save(Path target, HrnetModel model, INDArray momentum, TrainingState state,
      Map<String, String> provenance) throws IOException {
    // One writer per checkpoint file, so what a killed save left beside it can go.
    Storage.removeLeftoverTemps(target);
    Path tmp = LocalStaging.newFile("checkpoint", ".zip");
    try {
      try {
        ModelFile.writeLocal(model, tmp, false, provenance);
        ModelSerializer.addObjectToFile(tmp.toFile(), MOMENTUM_KEY, momentum.dup().data().asFloat());
        ModelSerializer.addObjectToFile(tmp.toFile(), STATE_KEY, new Yaml().dump(state.toMap()));
      } catch (IOException e) {
        throw new IOException(ModelFile.stagingFailed(target, tmp, e), e);
      }
      Storage.writeAtomically(target, out -> Files.copy(tmp, out));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static Loaded load(Path file) throws IOException {
    Path local = LocalStaging.newFile("checkpoint", ".zip");
    try {
      Files.write(local, Storage.readAllBytes(file));
      HrnetModel model = ModelFile.load(local, false);
      float[] momentum = entry(local, MOMENTUM_KEY, file);
      String stateYaml = entry(local, STATE_KEY, file);
      Map<String, Object> state = new Yaml().load(stateYaml);
      return new Loaded(model, Nd4j.createFromArray(momentum),
          TrainingState.fromMap(state, Storage.location(file)));
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static <T> T entry(Path local, String key, Path file) throws IOException {
    T value;
    try {
      value = ModelSerializer.getObjectFromFile(local.toFile(), key);
    } catch (IllegalStateException missing) {
      // DL4J reports an absent entry this way.
      value = null;
    }
    if (value == null) {
      throw new IOException(Storage.location(file) + " is a model file but not a training checkpoint (no " + key
          + " entry)");
    }
    return value;
  }
}
