package org.hrnetbeam.refcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.data.ShardManifest;
import org.hrnetbeam.prepare.PrepareFixtures;
import org.hrnetbeam.prepare.PrepareOutcome;
import org.hrnetbeam.prepare.PreparePipeline;
import org.hrnetbeam.prepare.PrepareSettings;
import org.hrnetbeam.schedule.Schedule;
import org.hrnetbeam.train.RunSettings;
import org.hrnetbeam.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's "a run started from imported reference weights with augmentation off reports, at its
 * first logged iteration, the same loss the reference computes for that batch": {@code prepare}
 * on the first two CamVid training pairs (no rescale, no crop, no flip, one copy, one shard), then
 * a {@link TrainingRun} from the parity fixture's W18-small-v1 state_dict (19 classes) with one
 * batch of both images, whose first {@code train_log.jsonl} line must carry the reference's loss.
 */
class ReferenceFirstLossTest {
  /**
   * The reference's float32 loss for this batch, from docs/tools/reference_first_loss.py (the
   * reference's own seg_hrnet.py, gen_sample and CrossEntropy, branch pytorch-v1.1, Debian
   * python3-torch 1.13.1, 2 threads): "reference first loss (float32): 3.24485183"; the same batch
   * through a float64 copy of the model gives 3.2448516215283374 (float32 − float64 = 2.1e-7).
   */
  private static final double REFERENCE_LOSS = 3.24485183;

  /**
   * Two float32 implementations of the same sums (oneDNN here, PyTorch's CPU kernels there) each
   * differ from the float64 value by about the float32 spread above (2.1e-7 on this batch; the
   * fixture README measures 3e-7 on its loss and 1.3e-5 on its train-mode logits, and asks for
   * agreement "within a few times these numbers"). 2e-6 is ten times the spread on this batch:
   * tight enough that a wrong normalisation, label map, resize or BN mode (each moves the loss in
   * the second decimal or earlier) cannot pass.
   */
  private static final double TOLERANCE = 2e-6;

  @TempDir
  Path tmp;

  @Test
  void theFirstLoggedLossFromReferenceWeightsEqualsTheReferenceLossForThatBatch() throws Exception {
    Path weights = SharedFiles.require("fixtures/hrnet-parity/w18s1_state_dict.pth");
    Path root = tmp.resolve("camvid");
    PrepareFixtures.copySubset(root, 2, 1);
    Path shards = tmp.resolve("shards");
    Path out = tmp.resolve("out");
    List<String> common = List.of("DATASET.ROOT", root.toString(), "PIPELINE.SHARD_DIR", shards.toString(),
        "OUTPUT_DIR", out.toString(), "LOG_DIR", out.resolve("log").toString(),
        "TRAIN.MULTI_SCALE", "false", "TRAIN.FLIP", "false", "PIPELINE.AUGMENT_COPIES", "1",
        "PIPELINE.NUM_SHARDS", "1", "TRAIN.SHUFFLE", "false", "TRAIN.BATCH_SIZE_PER_GPU", "2",
        "TRAIN.END_EPOCH", "1", "PRINT_FREQ", "1", "PIPELINE.TRAIN_WORKERS", "1", "TRAIN.RESUME", "false");
    Path experiment = SharedFiles.repoFile("conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml");
    // Prepare remaps to CamVid's 11 classes; the model is the fixture's 19-class one, as in the
    // reference script (labels 0..10 are valid indices of its 19 outputs).
    ExperimentConfig prepareCfg = ExperimentConfig.load(experiment, common);
    List<String> training = new java.util.ArrayList<>(common);
    training.addAll(List.of("DATASET.NUM_CLASSES", "19", "MODEL.PRETRAINED", weights.toString()));
    ExperimentConfig cfg = ExperimentConfig.load(experiment, training);

    PrepareOutcome prepared = PreparePipeline.run(PrepareSettings.from(prepareCfg, 5), prepareCfg,
        PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    assertEquals(3, prepared.records(), prepared.summary());
    ShardManifest manifest = ShardManifest.read(shards);
    new TrainingRun(RunSettings.from(cfg, manifest, 5), Schedule.from(cfg, manifest.samples("train"), 0), manifest,
        out, new PrintStream(OutputStream.nullOutputStream())).runUntil(1);

    JsonNode first = null;
    for (String line : Files.readAllLines(out.resolve("train_log.jsonl"))) {
      JsonNode node = new ObjectMapper().readTree(line);
      if (node.path("type").asText().equals("train")) {
        first = node;
        break;
      }
    }
    if (first == null) {
      throw new AssertionError("no training line in " + out.resolve("train_log.jsonl"));
    }
    assertEquals(0, first.path("iteration").asLong(), first.toString());
    System.out.println("first logged loss " + first.path("loss").asDouble() + ", reference " + REFERENCE_LOSS);
    assertEquals(REFERENCE_LOSS, first.path("loss").asDouble(), TOLERANCE,
        "first logged loss vs the reference's (docs/tools/reference_first_loss.py)");
  }

}
