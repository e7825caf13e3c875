package org.hrnetbeam.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.evaluate.EvaluationFixture;
import org.hrnetbeam.evaluate.EvaluationOutcome;
import org.hrnetbeam.evaluate.EvaluationTiming;
import org.hrnetbeam.metrics.ConfusionMatrix;
import org.hrnetbeam.metrics.SegmentationMetrics;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish scheme on gs:// (google-cloud-nio's in-memory Cloud Storage): promote, refuse, keep. */
class PublisherGcsTest {
  @TempDir Path tmp;

  @AfterEach
  void realCloudStorageAgain() {
    Storage.useGcsOptions(null);
  }

  private static EvaluationOutcome outcome(Path metricsFile, double miou, String model, ExperimentConfig config)
      throws Exception {
    String valSet = "ab".repeat(32);
    Files.writeString(metricsFile, "{\"mIoU\": " + miou + ", \"val_set_sha256\": \"" + valSet + "\"}\n");
    SegmentationMetrics metrics = new ConfusionMatrix(3, 255).add(new int[] {0, 1, 2}, new int[] {0, 1, 1}).finish();
    return new EvaluationOutcome(metricsFile, metricsFile.resolveSibling("report.html"), miou, metrics,
        List.of("red", "green", "blue"), 3, valSet, model, config.hash(), new EvaluationTiming(1, 1, 1));
  }

  @Test
  void promotesAndRefusesOnCloudStorageKeepingTheOldRelease() throws Exception {
    Storage.useGcsOptions(LocalStorageHelper.getOptions());
    ExperimentConfig config = EvaluationFixture.config(tmp, "OUTPUT_DIR", "gs://models/nightly",
        "PIPELINE.SHARD_DIR", tmp.resolve("shards").toString(), "PIPELINE.PUBLISH_IF_BETTER", "true");
    EvaluationFixture.writeShards(config, 1);
    String model = EvaluationFixture.writeModel(config, tmp.resolve("model.zip"), 5).toString();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    PublishOutcome first = Publisher.publish(config, model, outcome(tmp.resolve("m1.json"), 0.40, model, config), quiet);
    PublishOutcome second = Publisher.publish(config, model, outcome(tmp.resolve("m2.json"), 0.50, model, config), quiet);
    PublishOutcome third = Publisher.publish(config, model, outcome(tmp.resolve("m3.json"), 0.45, model, config), quiet);

    assertTrue(first.published() && second.published(), second.reason());
    assertFalse(third.published(), third.reason());
    assertNotEquals(first.release(), second.release(), "one model published twice in a second gets two folders");
    Path published = Storage.path("gs://models/nightly/camvid/" + config.name() + "/published");
    assertEquals(second.release() + "\n", new String(Storage.readAllBytes(published.resolve("CURRENT")),
        StandardCharsets.UTF_8));
    assertEquals(0.50, PublishedRelease.current(published).orElseThrow().meanIou(), 0.0);
    Path firstModel = published.resolve("releases").resolve(first.release()).resolve("model");
    assertTrue(Files.exists(firstModel), "the first release is kept");
    assertEquals(config.hash(), ModelFile.provenance(second.model()).get("config_hash"));
    assertArrayEquals(Files.readAllBytes(tmp.resolve("m2.json")),
        Storage.readAllBytes(published.resolve("releases").resolve(second.release()).resolve("metrics.json")));
  }
}
