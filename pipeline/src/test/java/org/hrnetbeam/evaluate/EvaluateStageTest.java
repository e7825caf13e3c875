package org.hrnetbeam.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.metrics.ConfusionMatrix;
import org.hrnetbeam.records.SampleRecord;
import org.hrnetbeam.report.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation stage end to end on a tiny model and three synthetic val images. */
class EvaluateStageTest {
  @TempDir Path tmp;

  @Test
  void sumsThePerImageMatricesAndWritesMetricsReportAndPictures() throws Exception {
    ExperimentConfig config = EvaluationFixture.config(tmp);
    List<SampleRecord> records = EvaluationFixture.writeShards(config, 3);
    Path model = EvaluationFixture.writeModel(config, tmp.resolve(config.outputDir()).resolve("final"), 7);
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    EvaluationOutcome outcome = EvaluateStage.run(config, null, PipelineOptionsFactory.fromArgs("--runner=DirectRunner")
        .create(), new PrintStream(console, true, StandardCharsets.UTF_8));

    // The same images scored one by one, outside Beam: the stage must add up to exactly this.
    ImageScorer scorer = new ImageScorer(config, TrainedModel.load(config, model.toString()), 255);
    ConfusionMatrix expected = new ConfusionMatrix(3, 255);
    for (SampleRecord r : records) {
      expected.merge(scorer.score(r).confusion());
    }
    assertEquals(3 * EvaluationFixture.WIDTH * (EvaluationFixture.HEIGHT - 1), expected.total(),
        "every pixel but the ignored top row is counted");
    EvaluationTally tally = TallyFile.read(tmp.resolve("camvid").resolve(config.name()).resolve("evaluation/confusion.json"));
    assertEquals(expected, tally.confusion());
    assertEquals(3, outcome.images());
    assertEquals(expected.finish().meanIou(), outcome.meanIou(), 0.0);
    assertEquals(model.toString(), outcome.model());

    JsonNode metrics = new ObjectMapper().readTree(outcome.metricsFile().toFile());
    assertEquals(outcome.meanIou(), metrics.get("mIoU").asDouble(), 0.0);
    assertEquals("green", metrics.get("classes").get(1).get("name").asText());
    assertEquals(config.hash(), metrics.get("config_hash").asText());
    assertEquals(outcome.valSetHash(), metrics.get("val_set_sha256").asText());
    assertTrue(Files.exists(outcome.report()));
    String html = Files.readString(outcome.report());
    assertTrue(html.contains("panels/"), "the report shows the comparison panels");
    Path panels = outcome.report().resolveSibling("panels");
    try (var files = Files.list(panels)) {
      assertEquals(2, files.count(), "PIPELINE.EVAL_PICTURES 2");
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("green") && printed.contains("mIoU"), printed);

    // The two pictured images are the first two ids by PictureOrder, with their own predictions.
    List<String> ids = new java.util.ArrayList<>(records.stream().map(SampleRecord::sampleId).toList());
    ids.sort(new PictureOrder().reversed());
    List<PictureFiles.Picture> pictures = PictureFiles.read(outcome.report().resolveSibling(PictureFiles.FOLDER));
    assertEquals(ids.subList(0, 2).stream().sorted().toList(), pictures.stream().map(PictureFiles.Picture::sampleId)
        .toList());
    for (PictureFiles.Picture picture : pictures) {
      SampleRecord record = records.stream().filter(r -> r.sampleId().equals(picture.sampleId())).findFirst().orElseThrow();
      assertArrayEquals(scorer.score(record).prediction(), picture.prediction().values(), picture.sampleId());
    }
  }

  @Test
  void anEmptyValSplitFailsSayingSoInsteadOfReportingZero() throws Exception {
    ExperimentConfig config = EvaluationFixture.config(tmp);
    EvaluationFixture.writeShards(config, 0);
    Path model = EvaluationFixture.writeModel(config, tmp.resolve("model.zip"), 7);
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> EvaluateStage.run(config, model.toString(), PipelineOptionsFactory.create(),
            new PrintStream(java.io.OutputStream.nullOutputStream())));
    assertTrue(e.getMessage().contains("no records"), e.getMessage());
  }

  @Test
  void directRunnerAndEmbeddedFlinkGiveIdenticalNumbersWithScalesAndFlip() throws Exception {
    String[] multiScale = {"TEST.SCALE_LIST", "[0.75, 1.0, 1.25]", "TEST.FLIP_TEST", "true"};
    ExperimentConfig config = EvaluationFixture.config(tmp, multiScale);
    EvaluationFixture.writeShards(config, 5);
    Path model = EvaluationFixture.writeModel(config, tmp.resolve("model.zip"), 3);
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    Path dir = tmp.resolve("camvid").resolve(config.name()).resolve("evaluation");

    EvaluationOutcome direct = EvaluateStage.run(config, model.toString(),
        PipelineOptionsFactory.fromArgs("--runner=DirectRunner", "--targetParallelism=2").create(), quiet);
    byte[] directTally = Files.readAllBytes(dir.resolve("confusion.json"));
    String directPictures = Files.readString(dir.resolve("pictures/pictures.json"));
    EvaluationOutcome flink = EvaluateStage.run(config, model.toString(),
        PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2").create(),
        quiet);

    assertArrayEquals(directTally, Files.readAllBytes(dir.resolve("confusion.json")));
    assertEquals(directPictures, Files.readString(dir.resolve("pictures/pictures.json")));
    assertEquals(direct.meanIou(), flink.meanIou(), 0.0);
    assertArrayEquals(direct.metrics().iou(), flink.metrics().iou(), 0.0);
    assertEquals(5, flink.images());
    assertEquals(direct.valSetHash(), flink.valSetHash());
  }
}
