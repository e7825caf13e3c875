package org.hrnetbeam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.LoadReport;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.model.StateDictBinding;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.weights.WeightFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hrnet import-weights}: builds the config's network, loads every tensor of a PyTorch
 * checkpoint (or .npz) that matches by name and shape, as the reference's {@code init_weights}
 * does, reports the rest, and writes our model file.
 */
@Command(name = "import-weights", mixinStandardHelpOptions = true,
    description = {"Convert a PyTorch checkpoint (.pth, .npz) into our model file.",
        "Tensors matching by name and shape load; the others are reported (count and first names) and keep",
        "the reference initialisation, so an ImageNet backbone checkpoint fills the backbone only."})
final class ImportWeightsCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Option(names = "--from", required = true, paramLabel = "X", description = "checkpoint: .pth (zip or legacy), training checkpoint, or .npz")
  String from;

  @Option(names = "--out", required = true, paramLabel = "MODEL", description = "model file to write")
  String out;

  @Override
  public Integer call() throws Exception {
    HrnetSpec spec = HrnetSpec.from(stage.config());
    Path source = Storage.path(from);
    if (!Files.exists(source)) {
      throw new UsageException("--from " + from + " does not exist");
    }
    HrnetModel model = HrnetModel.create(spec, stage.seed());
    LoadReport report = StateDictBinding.load(model.graph(), WeightFiles.read(source).model());
    System.err.println("hrnet import-weights: " + from + ": " + report.summary());
    if (report.loaded() == 0) {
      throw new IllegalArgumentException(from + " has no tensor matching this network by name and shape; nothing written"
          + " (is it a checkpoint of another model, or of a different MODEL.EXTRA?)");
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    provenance.put("made_by", "hrnet import-weights");
    provenance.put("source", from);
    provenance.put("config", stage.cfgFile().toString());
    provenance.put("config_sha256", stage.config().hash());
    provenance.put("seed", Integer.toString(stage.seed()));
    provenance.put("loaded", report.summary());
    provenance.put("time", Instant.now().toString());
    ModelFile.save(model, Storage.path(out), false, provenance);
    System.err.println("hrnet import-weights: wrote " + out);
    return ExitCodes.OK;
  }
}
