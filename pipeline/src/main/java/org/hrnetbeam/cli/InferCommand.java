package org.hrnetbeam.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.model.BilinearResize;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.prepare.PrepareSettings;
import org.hrnetbeam.remap.LabelMaps;
import org.hrnetbeam.report.ImagePrediction;
import org.hrnetbeam.report.PngFiles;
import org.hrnetbeam.report.TrainedModel;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.weights.DType;
import org.hrnetbeam.weights.Npy;
import org.hrnetbeam.weights.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hrnet infer}: a model on one input. An image gives a prediction PNG (colours in the
 * dataset's palette, or dataset label ids with {@code --label-ids}, like the reference's test
 * output). A {@code .npy} tensor is the parity hook: the raw eval-mode logits as {@code .npy}, at
 * 1/4 resolution or, with {@code --upsample}, resized to the input size as evaluation sees them.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
    description = {
        "Run a model on one input.",
        "IMAGE (PNG, JPEG): write the prediction as a PNG, colour-coded in the dataset's palette, or with",
        "  --label-ids as 8-bit dataset label ids (train ids mapped back through the label map).",
        "  Uses the config's TEST.SCALE_LIST, FLIP_TEST, IMAGE_SIZE and BASE_SIZE.",
        "X.npy (float32 [N,3,H,W], already normalised): write the raw eval-mode logits as .npy",
        "  (1/4 resolution; --upsample resizes them bilinearly to H x W).",
        "MODEL is our model file or any checkpoint import-weights reads (.pth, .npz)."})
final class InferCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Option(names = "--model", paramLabel = "MODEL",
      description = "model file or checkpoint (local or gs://); default TEST.MODEL_FILE")
  String model;

  @Option(names = "--input", required = true, paramLabel = "IMAGE|X.npy", description = "what to run the model on")
  String input;

  @Option(names = "--output", required = true, paramLabel = "PNG|Y.npy", description = "where the result goes")
  String output;

  @Option(names = "--logits", description = "write raw logits (.npy input only; the default for it)")
  boolean logits;

  @Option(names = "--upsample", description = "with .npy input: resize the logits to the input's H x W first")
  boolean upsample;

  @Option(names = "--label-ids", description = "with an image: write dataset label ids instead of colours")
  boolean labelIds;

  @Override
  public Integer call() throws Exception {
    boolean tensorInput = input.toLowerCase(Locale.ROOT).endsWith(".npy");
    if (!tensorInput && (logits || upsample)) {
      throw new UsageException("--logits and --upsample take a .npy tensor as --input, got " + input);
    }
    if (tensorInput && labelIds) {
      throw new UsageException("--label-ids takes an image as --input, got " + input);
    }
    ExperimentConfig config = stage.config();
    String weights = model != null ? model : config.getString("TEST.MODEL_FILE");
    if (weights.isEmpty()) {
      throw new UsageException("infer needs --model MODEL or TEST.MODEL_FILE in the config");
    }
    Path inputPath = Storage.path(input);
    if (!Files.exists(inputPath)) {
      throw new UsageException("--input " + input + " does not exist");
    }
    if (!tensorInput) {
      return writePrediction(config, TrainedModel.load(config, weights));
    }
    // Check the tensor before the (slow) model load, so a wrong input fails at once.
    Tensor x = Npy.read(inputPath);
    if (x.dtype() != DType.FLOAT32 || x.rank() != 4 || x.shape()[1] != 3) {
      throw new UsageException("--input " + input + " must be a float32 [N, 3, H, W] array, got " + x.describe());
    }
    return writeLogits(TrainedModel.load(config, weights), x);
  }

  private int writeLogits(HrnetModel network, Tensor x) throws Exception {
    INDArray out = network.logits(Nd4j.create(x.floats(), x.shape(), 'c'));
    if (upsample) {
      out = BilinearResize.resize(out, (int) x.shape()[2], (int) x.shape()[3], network.spec().alignCorners());
    }
    float[] values = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
    Storage.writeAtomically(Storage.path(output), Npy.toBytes(Tensor.ofFloats(out.shape(), values)));
    System.out.println("wrote " + output + " " + Arrays.toString(out.shape()));
    return ExitCodes.OK;
  }

  private int writePrediction(ExperimentConfig config, HrnetModel network) throws Exception {
    ImagePrediction prediction = new ImagePrediction(config, network::logits);
    BufferedImage image = ImagePrediction.readImage(input);
    int h = image.getHeight();
    int w = image.getWidth();
    int[] labels = prediction.predict(image);
    BufferedImage picture = labelIds
        ? ImagePrediction.labelIds(labels, h, w, LabelMaps.load(PrepareSettings.labelMapName(config)))
        : prediction.colour(labels, h, w);
    PngFiles.write(Storage.path(output), picture);
    System.out.println("wrote " + output + " (" + w + "x" + h + (labelIds ? ", label ids" : ", colours") + ")");
    return ExitCodes.OK;
  }
}
