package org.hrnetbeam.cli;

import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.evaluate.EvaluateStage;
import org.hrnetbeam.evaluate.EvaluationOutcome;
import org.hrnetbeam.evaluate.EvaluationSettings;
import org.hrnetbeam.publish.Publisher;
import org.hrnetbeam.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hrnet evaluate}: the model's metrics on the prepared val split, as a Beam pipeline, and
 * with {@code --publish} the publish step. Exit 2 when there is no model to evaluate. A refused
 * promotion (PIPELINE.PUBLISH_IF_BETTER) is not a failure: it exits 0 and says why.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Compute mIoU of a model on the validation set (a distributed Beam stage).",
        "Uses the shards of 'prepare' and TEST.SCALE_LIST, FLIP_TEST, BASE_SIZE, IMAGE_SIZE.",
        "Writes <output dir>/" + EvaluationSettings.FOLDER + "/{metrics.json,report.html,confusion.json,pictures/}"
            + " and prints the per-class table."})
final class EvaluateCommand implements Callable<Integer> {
  /**
   * Scoring DoFns that run at once on DirectRunner: one, since each forward pass already uses
   * every core (ND4J's OpenMP threads).
   */
  static final int SCORING_THREADS = 1;

  @Mixin StageOptions stage;

  @Option(names = "--model", paramLabel = "MODEL",
      description = "our model file or a PyTorch checkpoint (.pth, .npz; local or gs://); "
          + "default <output dir>/best, else <output dir>/final")
  String model;

  @Option(names = "--publish", description = "then publish the model into <output dir>/published/ (a release folder, "
      + "then an atomic CURRENT pointer); with PIPELINE.PUBLISH_IF_BETTER only if its mIoU beats the published one's")
  boolean publish;

  @Override
  public Integer call() throws Exception {
    ExperimentConfig config = stage.config();
    String location;
    try {
      location = EvaluateStage.resolveModel(config, model);
    } catch (NoSuchFileException e) {
      throw new UsageException(e.getMessage());
    }
    EvaluationOutcome outcome = EvaluateStage.run(config, location,
        PrepareCommand.withoutDirectRunnerCopies(stage, SCORING_THREADS), System.out);
    System.out.println("metrics: " + Storage.location(outcome.metricsFile()));
    if (publish) {
      Publisher.publish(config, location, outcome, System.out);
    }
    return ExitCodes.OK;
  }
}
