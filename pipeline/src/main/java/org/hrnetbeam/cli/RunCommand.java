package org.hrnetbeam.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.evaluate.EvaluateStage;
import org.hrnetbeam.evaluate.EvaluationOutcome;
import org.hrnetbeam.prepare.PrepareOutcome;
import org.hrnetbeam.prepare.PreparePipeline;
import org.hrnetbeam.prepare.PrepareSettings;
import org.hrnetbeam.publish.PublishOutcome;
import org.hrnetbeam.publish.Publisher;
import org.hrnetbeam.storage.Storage;
import org.hrnetbeam.trainstage.TrainOutcome;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.trainstage.TrainStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code hrnet run}: every stage in order (prepare, train, evaluate, publish) with one config,
 * each stage printing its summary line; ends with the mIoU and where the model was published.
 * Each stage gets fresh pipeline options from the same command line. DirectRunner's immutability
 * and encodability checks are off for every stage unless asked for, as {@code hrnet prepare} and
 * {@code hrnet train} have them: they re-encode every image and model state several times per
 * step, and on evaluation they warn once per batch of pictures.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run every stage in order: prepare, train, evaluate, publish.",
        "Output: <OUTPUT_DIR>/<dataset>/<cfg>/ with shards/, best, final, evaluation/report.html, published/."})
final class RunCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  /** What a whole run ended with. */
  record Result(int exitCode, EvaluationOutcome evaluation, PublishOutcome publish) {}

  @Override
  public Integer call() throws Exception {
    return runStages(stage, System.out).exitCode();
  }

  /** Runs the four stages of {@code stage}'s config; stops at the first one that fails. */
  static Result runStages(StageOptions stage, PrintStream console) throws Exception {
    ExperimentConfig cfg = stage.config();
    PrepareSettings settings;
    try {
      settings = PrepareSettings.from(cfg, stage.seed());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path configFile = stage.writeResolvedConfig();
    console.println("run: " + cfg.name() + " (config " + Storage.location(configFile) + ")");

    PrepareOutcome prepared = PreparePipeline.run(settings, cfg, PrepareCommand.withoutDirectRunnerCopies(stage, PrepareCommand.PREPARE_THREADS));
    console.println(prepared.summary() + "; shards in " + settings.shardDir());
    if (prepared.exitCode(false) != 0) {
      console.println("run: stopped after prepare: no sample could be used");
      return new Result(ExitCodes.FAILED, null, null);
    }

    TrainOutcome trained = TrainStage.run(cfg, stage.seed(), stage.trainingOptions(Schedule.workers(cfg)), console);
    console.println(String.format(Locale.ROOT, "train: best validation mIoU %.4f; models %s, %s",
        trained.bestMeanIou(), Storage.location(trained.best()), Storage.location(trained.finalModel())));

    String model = EvaluateStage.resolveModel(cfg, null);
    EvaluationOutcome evaluated = EvaluateStage.run(cfg, model,
        PrepareCommand.withoutDirectRunnerCopies(stage, EvaluateCommand.SCORING_THREADS), console);
    console.println(String.format(Locale.ROOT, "evaluate: mIoU %.4f on %d val images of %s; report %s",
        evaluated.meanIou(), evaluated.images(), model, Storage.location(evaluated.report())));

    PublishOutcome published = Publisher.publish(cfg, model, evaluated, console);
    Path publishedDir = Storage.path(cfg.outputDir()).resolve(Publisher.FOLDER);
    console.println("publish: " + (published.published() ? "published " + Storage.location(published.model())
        : "kept the published model: " + published.reason()));
    console.println(String.format(Locale.ROOT, "run: mIoU %.4f; published in %s", evaluated.meanIou(),
        Storage.location(publishedDir)));
    return new Result(ExitCodes.OK, evaluated, published);
  }
}
