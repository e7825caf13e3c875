package org.hrnetbeam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.model.StateDictBinding;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.weights.StateDict;
import org.hrnetbeam.weights.WeightFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hrnet export-weights}: writes a model file's weights as a PyTorch state_dict in the
 * reference's key order ({@code torch.load} + {@code load_state_dict(strict=True)} accept the .pth)
 * or as an .npz of the same names.
 */
@Command(name = "export-weights", mixinStandardHelpOptions = true,
    description = "Write our model's weights as a PyTorch state_dict (.pth) or .npz, in the reference's key names and order.")
final class ExportWeightsCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "our model file")
  String model;

  @Option(names = "--out", required = true, paramLabel = "X.pth|X.npz", description = "weight file to write; the extension picks the format")
  String out;

  @Override
  public Integer call() throws Exception {
    Path source = Storage.path(model);
    if (!Files.exists(source)) {
      throw new UsageException("--model " + model + " does not exist");
    }
    if (!ModelFile.isModelFile(source)) {
      throw new UsageException("--model " + model + " is not an hrnet model file (make one with import-weights or train)");
    }
    String lower = out.toLowerCase(java.util.Locale.ROOT);
    if (!lower.endsWith(".pth") && !lower.endsWith(".pt") && !lower.endsWith(".npz")) {
      throw new UsageException("--out " + out + ": use a .pth, .pt or .npz name");
    }
    HrnetModel loaded = ModelFile.load(source, false);
    StateDict weights = StateDictBinding.toStateDict(loaded.graph());
    WeightFiles.write(Storage.path(out), weights);
    System.err.println("hrnet export-weights: wrote " + weights.size() + " tensors to " + out);
    return ExitCodes.OK;
  }
}
