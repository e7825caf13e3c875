package org.hrnetbeam.report;

import java.io.IOException;
import java.nio.file.Path;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.LoadReport;
import org.hrnetbeam.model.StateDictBinding;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.weights.WeightFiles;

/**
 * A network for prediction: the architecture from the config (MODEL.EXTRA, DATASET.NUM_CLASSES,
 * MODEL.ALIGN_CORNERS, PIPELINE.BN_MOMENTUM) and every weight from a checkpoint (.pth, .npz, or
 * anything {@link WeightFiles} reads). Unlike a pretrained start, prediction with a partly loaded
 * network is meaningless, so a checkpoint that leaves any parameter unfilled fails, with the list.
 */
public final class TrainedModel {
  private TrainedModel() {}

  public static HrnetModel load(ExperimentConfig config, String weights) throws IOException {
    HrnetSpec spec = HrnetSpec.fromExtra(config.getMap("MODEL.EXTRA"), config.getInt("DATASET.NUM_CLASSES"),
        config.getBoolean("MODEL.ALIGN_CORNERS"), config.getDouble("PIPELINE.BN_MOMENTUM"));
    HrnetModel model = HrnetModel.create(spec, 0);
    Path file = Storage.path(weights);
    LoadReport report = StateDictBinding.load(model.graph(), WeightFiles.read(file).model());
    if (!report.notInCheckpoint().isEmpty() || !report.shapeMismatch().isEmpty()) {
      throw new IllegalArgumentException(weights + " does not fit the network of the config: " + report.summary());
    }
    return model;
  }
}
