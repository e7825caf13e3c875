package org.hrnetbeam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.hrnetbeam.model.BilinearResize;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.ModelSource;
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
 * {@code hrnet infer}: the parity hook. Runs the model in eval mode on an already-normalised
 * float32 NCHW tensor and writes the raw logits as .npy: at 1/4 resolution, or with
 * {@code --upsample} bilinearly resized (MODEL.ALIGN_CORNERS) to the input size, as the
 * reference's evaluation sees them.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
    description = {"Run a model in eval mode on a normalised float32 NCHW .npy tensor and write its logits as .npy.",
        "MODEL is our model file or any checkpoint import-weights reads (.pth, .npz)."})
final class InferCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "model file or checkpoint")
  String model;

  @Option(names = "--input", required = true, paramLabel = "X.npy", description = "float32 [N, 3, H, W], already normalised")
  String input;

  @Option(names = "--output", required = true, paramLabel = "Y.npy", description = "where the float32 logits go")
  String output;

  @Option(names = "--logits", description = "write raw logits (the default and only output kind)")
  boolean logits;

  @Option(names = "--upsample", description = "resize the logits bilinearly to the input's H×W first")
  boolean upsample;

  @Override
  public Integer call() throws Exception {
    HrnetSpec spec = HrnetSpec.from(stage.config());
    Path inputPath = Storage.path(input);
    if (!Files.exists(inputPath)) {
      throw new UsageException("--input " + input + " does not exist");
    }
    Tensor x = Npy.read(inputPath);
    if (x.dtype() != DType.FLOAT32 || x.rank() != 4 || x.shape()[1] != 3) {
      throw new UsageException("--input " + input + " must be a float32 [N, 3, H, W] array, got " + x.describe());
    }
    ModelSource.Opened opened = ModelSource.open(Storage.path(model), spec, stage.seed());
    if (opened.report() != null) {
      System.err.println("hrnet infer: " + model + ": " + opened.report().summary());
    }
    INDArray batch = Nd4j.create(x.floats(), x.shape(), 'c');
    INDArray out = opened.model().logits(batch);
    if (upsample) {
      out = BilinearResize.resize(out, (int) x.shape()[2], (int) x.shape()[3], spec.alignCorners());
    }
    float[] values = out.castTo(DataType.FLOAT).dup('c').data().asFloat();
    Tensor result = Tensor.ofFloats(out.shape(), values);
    Storage.writeAtomically(Storage.path(output), Npy.toBytes(result));
    System.err.println("hrnet infer: wrote " + output + " " + Arrays.toString(out.shape()));
    return ExitCodes.OK;
  }
}
