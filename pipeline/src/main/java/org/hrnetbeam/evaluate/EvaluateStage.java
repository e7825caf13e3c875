package org.hrnetbeam.evaluate;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.metrics.SegmentationMetrics;
import org.hrnetbeam.report.ComparisonPanel;
import org.hrnetbeam.report.EvaluationReport;
import org.hrnetbeam.report.Palette;
import org.hrnetbeam.report.TrainedModel;
import org.hrnetbeam.report.TrainingLog;
import org.hrnetbeam.storage.Storage;

/**
 * The evaluation stage from start to end, as {@code hrnet evaluate}, {@code run} and {@code demo}
 * call it: checks the model loads, runs {@link EvaluatePipeline}, reads the summed matrix back and
 * writes {@code metrics.json}, {@code report.html} (metric table, IoU chart, training curves from
 * {@code <output dir>/train_log.jsonl} when present, comparison panels) into
 * {@code <output dir>/evaluation/}, and prints the per-class table.
 */
public final class EvaluateStage {
  /** Model files training leaves in the output directory, in the order evaluation prefers them. */
  public static final List<String> DEFAULT_MODELS = List.of("best", "final");

  private EvaluateStage() {}

  /**
   * The model to evaluate: {@code model} when given, else {@code <output dir>/best}, else
   * {@code <output dir>/final}.
   *
   * @throws NoSuchFileException naming what was looked for, when none exists
   */
  public static String resolveModel(ExperimentConfig config, String model) throws IOException {
    if (model != null && !model.isBlank()) {
      if (!Files.exists(Storage.path(model))) {
        throw new NoSuchFileException("model " + model + " does not exist");
      }
      return model;
    }
    Path out = Storage.path(config.outputDir());
    for (String name : DEFAULT_MODELS) {
      if (Files.exists(out.resolve(name))) {
        return Storage.location(out.resolve(name));
      }
    }
    throw new NoSuchFileException("no model to evaluate: neither " + Storage.location(out.resolve("best")) + " nor "
        + Storage.location(out.resolve("final")) + " exists (train first, or pass --model)");
  }

  /**
   * Evaluates {@code model} (null or blank: {@link #resolveModel}'s default) on the val split of the
   * prepared shards.
   */
  public static EvaluationOutcome run(ExperimentConfig config, String model, PipelineOptions options,
      PrintStream console) throws IOException {
    Instant start = Instant.now();
    String location = resolveModel(config, model);
    EvaluationSettings settings = EvaluationSettings.from(config, location);
    // Load once here so a model that does not fit the config fails before any worker starts.
    TrainedModel.load(config, location);
    Path dir = Storage.path(settings.evaluationDir());
    Files.deleteIfExists(dir.resolve(TallyFile.NAME));
    PictureFiles.forget(dir.resolve(PictureFiles.FOLDER));

    Pipeline p = Pipeline.create(options);
    EvaluatePipeline.build(p, settings, config);
    long pipelineStart = System.nanoTime();
    PipelineResult result = p.run();
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IOException("evaluation pipeline ended in state " + state);
    }
    EvaluationTiming timing = EvaluationTiming.of(result, (System.nanoTime() - pipelineStart) / 1e9);
    EvaluationTally tally = TallyFile.read(dir.resolve(TallyFile.NAME));
    if (tally.images() == 0) {
      throw new IOException("the val split in " + settings.shardDir() + " has no records to evaluate");
    }
    SegmentationMetrics metrics = tally.confusion().finish();
    Palette palette = palette(config, settings.classNames());
    String valSetHash = tally.valSetHash(settings.labelMap());

    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("model", location);
    facts.put("config", config.name());
    facts.put("config_hash", config.hash());
    facts.put("images", Integer.toString(tally.images()));
    facts.put("val_set_sha256", valSetHash);
    facts.put("scales", config.getDoubleList("TEST.SCALE_LIST").toString());
    facts.put("flip", Boolean.toString(config.getBoolean("TEST.FLIP_TEST")));
    facts.put("runner", options.getRunner().getSimpleName());
    facts.put("evaluated_at", Instant.now().toString());
    facts.put("seconds", String.format(Locale.ROOT, "%.1f", Duration.between(start, Instant.now()).toMillis() / 1000.0));
    facts.put("pipeline_seconds", String.format(Locale.ROOT, "%.1f", timing.pipelineSeconds()));
    facts.put("scoring_seconds", String.format(Locale.ROOT, "%.1f", timing.scoringSeconds()));
    facts.put("forward_seconds", String.format(Locale.ROOT, "%.1f", timing.forwardSeconds()));

    Path trainLog = Storage.path(config.outputDir()).resolve("train_log.jsonl");
    TrainingLog log = Files.exists(trainLog) ? TrainingLog.read(trainLog) : TrainingLog.empty();
    EvaluationReport report = new EvaluationReport(config.name() + ": " + Storage.path(location).getFileName(), metrics,
        palette, log, panels(dir.resolve(PictureFiles.FOLDER), palette), facts);
    Path html = report.write(dir);
    console.print(MetricsTable.format(metrics, palette.classes(), tally.images()));
    console.println("report: " + Storage.location(html));
    return new EvaluationOutcome(dir.resolve("metrics.json"), html, metrics.meanIou(), metrics, palette.classes(),
        tally.images(), valSetHash, location, config.hash(), timing);
  }

  /** The dataset's palette; a dataset without its own colours gets generic ones with the label map's names. */
  static Palette palette(ExperimentConfig config, List<String> classNames) {
    int n = config.getInt("DATASET.NUM_CLASSES");
    Palette palette = Palette.forDataset(config.getString("DATASET.DATASET"), n);
    boolean own = palette.classes().equals(Palette.cityscapes().classes())
        || palette.classes().equals(Palette.camvid().classes());
    if (!own && classNames.size() == n) {
      return new Palette(palette.name(), classNames, palette.colours());
    }
    return palette;
  }

  private static Map<String, BufferedImage> panels(Path pictureDir, Palette palette) throws IOException {
    Map<String, BufferedImage> panels = new LinkedHashMap<>();
    for (PictureFiles.Picture p : PictureFiles.read(pictureDir)) {
      panels.put(p.name(), ComparisonPanel.draw(p.image(), p.truth().values(), p.prediction().values(),
          p.truth().height(), p.truth().width(), palette, p.sampleId().substring(p.sampleId().lastIndexOf('/') + 1)));
    }
    return panels;
  }
}
