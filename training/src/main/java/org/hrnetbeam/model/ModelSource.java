package org.hrnetbeam.model;

import java.io.IOException;
import java.nio.file.Path;
import org.hrnetbeam.weights.WeightFiles;

/**
 * Opens what a user passes as {@code MODEL}: our model file, or any checkpoint the weights package
 * reads (PyTorch .pth in zip or legacy format, training checkpoints, .npz), which is bound by name
 * and shape onto a fresh network built from the experiment's spec.
 */
public final class ModelSource {
  private ModelSource() {
  }

  /** A model with the load report of the checkpoint it came from ({@code null} for our own file). */
  public record Opened(HrnetModel model, LoadReport report) {
  }

  /**
   * @param spec the experiment's spec; a model file's stored spec must equal it
   * @param seed seed of the initialisation of tensors a checkpoint lacks
   */
  public static Opened open(Path file, HrnetSpec spec, long seed) throws IOException {
    if (ModelFile.isModelFile(file)) {
      HrnetModel model = ModelFile.load(file, false);
      if (!model.spec().equals(spec)) {
        throw new IllegalArgumentException(file + " holds a model built from a different spec than the config:\n  file:   "
            + model.spec() + "\n  config: " + spec);
      }
      return new Opened(model, null);
    }
    HrnetModel model = HrnetModel.create(spec, seed);
    LoadReport report = StateDictBinding.load(model.graph(), WeightFiles.read(file).model());
    return new Opened(model, report);
  }
}
