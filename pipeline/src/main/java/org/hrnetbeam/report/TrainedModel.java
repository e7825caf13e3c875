package org.hrnetbeam.report;

import java.io.IOException;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.LoadReport;
import org.hrnetbeam.model.ModelSource;
import org.hrnetbeam.storage.Storage;

/**
 * A network for prediction: our model file, or the architecture from the config (MODEL.EXTRA,
 * DATASET.NUM_CLASSES, MODEL.ALIGN_CORNERS, PIPELINE.BN_MOMENTUM) with every weight from a
 * checkpoint (.pth, .npz). Unlike a pretrained start, prediction with a partly loaded network is
 * meaningless, so a checkpoint that leaves any parameter unfilled fails, with the list.
 */
public final class TrainedModel {
  private TrainedModel() {}

  public static HrnetModel load(ExperimentConfig config, String weights) throws IOException {
    ModelSource.Opened opened = ModelSource.open(Storage.path(weights), HrnetSpec.from(config), 0);
    LoadReport report = opened.report();
    if (report != null && (!report.notInCheckpoint().isEmpty() || !report.shapeMismatch().isEmpty())) {
      throw new IllegalArgumentException(weights + " does not fit the network of the config: " + report.summary());
    }
    return opened.model();
  }
}
