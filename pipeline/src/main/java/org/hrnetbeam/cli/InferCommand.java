package org.hrnetbeam.cli;

import java.awt.image.BufferedImage;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.remap.LabelMaps;
import org.hrnetbeam.report.ImagePrediction;
import org.hrnetbeam.report.PngFiles;
import org.hrnetbeam.report.TrainedModel;
import org.hrnetbeam.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hrnet infer}: one image through a trained model into a prediction PNG. */
@Command(name = "infer", mixinStandardHelpOptions = true,
    description = {
        "Run a model on one image and write its prediction as a PNG: colour-coded in the dataset's palette,",
        "or with --label-ids as 8-bit dataset label ids (train ids mapped back through the label map),",
        "like the reference's test output. Uses the config's TEST.SCALE_LIST, FLIP_TEST, IMAGE_SIZE, BASE_SIZE."})
final class InferCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Option(names = "--model", paramLabel = "FILE",
      description = "weights (.pth or .npz, local or gs://); default TEST.MODEL_FILE")
  String model;

  @Option(names = "--input", required = true, paramLabel = "IMAGE", description = "image to segment (PNG, JPEG, …)")
  String input;

  @Option(names = "--output", required = true, paramLabel = "PNG", description = "where to write the prediction")
  String output;

  @Option(names = "--label-ids", description = "write dataset label ids instead of colours")
  boolean labelIds;

  @Override
  public Integer call() throws Exception {
    ExperimentConfig config = stage.config();
    String weights = model != null ? model : config.getString("TEST.MODEL_FILE");
    if (weights.isEmpty()) {
      throw new UsageException("hrnet infer needs --model FILE or TEST.MODEL_FILE in the config");
    }
    HrnetModel network = TrainedModel.load(config, weights);
    ImagePrediction prediction = new ImagePrediction(config, network::logits);
    BufferedImage image = ImagePrediction.readImage(input);
    int h = image.getHeight();
    int w = image.getWidth();
    int[] labels = prediction.predict(image);
    BufferedImage picture = labelIds ? ImagePrediction.labelIds(labels, h, w, LabelMaps.load(labelMapName(config)))
        : prediction.colour(labels, h, w);
    PngFiles.write(Storage.path(output), picture);
    System.out.println("wrote " + output + " (" + w + "x" + h + (labelIds ? ", label ids" : ", colours") + ")");
    return ExitCodes.OK;
  }

  /** PIPELINE.LABEL_MAP, where "auto" means the map named like DATASET.DATASET (cityscapes, camvid). */
  private static String labelMapName(ExperimentConfig config) {
    String name = config.getString("PIPELINE.LABEL_MAP");
    return "auto".equals(name) ? config.getString("DATASET.DATASET").toLowerCase(Locale.ROOT) : name;
  }
}
