package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.loss.LossSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PIPELINE.CLASS_WEIGHTS histogram takes the manifest's class_weights.values. */
class HistogramWeightsTest {
  @TempDir
  Path tmp;

  private ShardManifest withWeights(double... values) throws Exception {
    Path dir = tmp.resolve("shards");
    SyntheticShards.write(dir, 2, 1);
    ObjectMapper json = new ObjectMapper();
    Path file = dir.resolve("manifest.json");
    ObjectNode root = (ObjectNode) json.readTree(file.toFile());
    ArrayNode list = ((ObjectNode) root.path("class_weights")).putArray("values");
    for (double v : values) {
      list.add(v);
    }
    Files.write(file, json.writeValueAsBytes(root));
    return ShardManifest.read(dir);
  }

  @Test
  void histogramWeightsComeFromTheManifest() throws Exception {
    ShardManifest manifest = withWeights(0.5, 1.0, 2.0);
    ExperimentConfig config = TrainRunFixture.config(tmp.resolve("out"), "PIPELINE.CLASS_WEIGHTS", "histogram");
    assertArrayEquals(new double[]{0.5, 1.0, 2.0}, LossSettings.from(config, manifest).classWeights());
  }

  @Test
  void aHistogramOfTheWrongLengthNamesBothCounts() throws Exception {
    ShardManifest manifest = withWeights(0.5, 1.0);
    ExperimentConfig config = TrainRunFixture.config(tmp.resolve("out"), "PIPELINE.CLASS_WEIGHTS", "histogram");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossSettings.from(config, manifest));
    assertTrue(e.getMessage().contains("2 weights") && e.getMessage().contains("NUM_CLASSES = 3"), e.getMessage());
  }
}
