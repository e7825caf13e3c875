package org.hrnetbeam.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hrnetbeam.demo.ChanceLevel;
import org.hrnetbeam.demo.DemoDataset;
import org.hrnetbeam.demo.SyntheticStreets;
import org.hrnetbeam.prepare.PrepareSettings;
import org.hrnetbeam.remap.LabelMaps;
import org.hrnetbeam.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hrnet demo}: writes the synthetic street-scene dataset (unless {@code --out} already holds
 * it with the same seed and size), then {@code hrnet run} with {@value #CONFIG} pointed at it, and
 * ends with the mIoU beside the chance level and the path of report.html.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generate a small synthetic street-scene dataset (Cityscapes layout) and run prepare, train,",
        "evaluate and publish on it with " + DemoCommand.CONFIG + ".",
        "Writes <out>/demo-data/ (the dataset) and <out>/demo/seg_hrnet_w18_small_v1_demo/ (everything else)."})
final class DemoCommand implements Callable<Integer> {
  /** The demo's experiment, relative to the repository root. */
  static final String CONFIG = "conf/demo/seg_hrnet_w18_small_v1_demo.yaml";

  @Option(names = "--out", defaultValue = "output", paramLabel = "DIR",
      description = "where the dataset and the run's output go (default: ${DEFAULT-VALUE})")
  String out;

  @Option(names = "--seed", defaultValue = "" + StageOptions.DEFAULT_SEED, paramLabel = "N",
      description = "seed of the dataset and of training (default: ${DEFAULT-VALUE})")
  int seed;

  @Option(names = "--train-images", defaultValue = "" + DemoDataset.DEFAULT_TRAIN_IMAGES, paramLabel = "N",
      description = "synthetic training frames (default: ${DEFAULT-VALUE})")
  int trainImages;

  @Option(names = "--val-images", defaultValue = "" + DemoDataset.DEFAULT_VAL_IMAGES, paramLabel = "N",
      description = "synthetic validation frames (default: ${DEFAULT-VALUE})")
  int valImages;

  @Parameters(paramLabel = "KEY VALUE | --beamOption=value", arity = "0..*",
      description = {"config overrides (TRAIN.END_EPOCH 2) and Beam options (--runner=FlinkRunner --flinkMaster=[local])",
          "as for hrnet run"})
  List<String> words = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintStream console = System.out;
    DemoDataset dataset;
    try {
      dataset = new DemoDataset(seed, trainImages, valImages, DemoDataset.DEFAULT_WIDTH, DemoDataset.DEFAULT_HEIGHT);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String dataRoot = out + "/demo-data";
    SyntheticStreets.Outcome written = SyntheticStreets.write(Storage.path(dataRoot), dataset);
    console.println(written.generated() == 0
        ? "demo: " + dataRoot + " already holds the synthetic streets of seed " + seed + "; kept"
        : "demo: wrote " + written.generated() + " synthetic street scenes (" + trainImages + " train, " + valImages
            + " val, " + dataset.width() + "x" + dataset.height() + ") to " + dataRoot);

    StageOptions stage = new StageOptions();
    stage.cfg = findConfig();
    stage.seed = seed;
    stage.words = new ArrayList<>(List.of("DATASET.ROOT", dataRoot, "OUTPUT_DIR", out));
    stage.words.addAll(words);
    RunCommand.Result result = RunCommand.runStages(stage, console);
    if (result.exitCode() != ExitCodes.OK) {
      return result.exitCode();
    }
    var labelMap = LabelMaps.load(PrepareSettings.labelMapName(stage.config()));
    double chance = ChanceLevel.of(ChanceLevel.countPixels(Storage.path(dataRoot), "val", labelMap));
    console.println(String.format(Locale.ROOT, "demo: mIoU %.4f on %d synthetic val images; chance level %.4f"
        + " (guessing each pixel's class from the val class frequencies)", result.evaluation().meanIou(),
        result.evaluation().images(), chance));
    console.println("demo: report " + Storage.location(result.evaluation().report()));
    return ExitCodes.OK;
  }

  /** {@value #CONFIG} under the working directory or one above it, else beside the jar's repository. */
  private static Path findConfig() throws IOException {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(CONFIG))) {
        return dir.resolve(CONFIG);
      }
    }
    try {
      Path jar = Paths.get(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve(CONFIG))) {
          return dir.resolve(CONFIG);
        }
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall through to the error below, which says where we looked
    }
    throw new IOException(CONFIG + " not found above " + Paths.get("").toAbsolutePath()
        + " nor beside hrnet's jar; run hrnet demo from the repository");
  }
}
