package org.hrnetbeam.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.evaluate.EvaluateStage;
import org.hrnetbeam.evaluate.EvaluationOutcome;
import org.hrnetbeam.evaluate.EvaluationFixture;
import org.hrnetbeam.model.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing two evaluated models of different quality: provenance and card, promote-if-better in
 * both directions, a different val set, and a publish interrupted before the swap.
 */
class PublisherTest {
  @TempDir static Path tmp;
  private static ExperimentConfig ifBetter;
  private static EvaluationOutcome better;
  private static EvaluationOutcome worse;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @BeforeAll
  static void evaluateTwoModels() throws Exception {
    ifBetter = EvaluationFixture.config(tmp, "PIPELINE.PUBLISH_IF_BETTER", "true");
    EvaluationFixture.writeShards(ifBetter, 3);
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    EvaluationOutcome a = EvaluateStage.run(ifBetter, EvaluationFixture.writeModel(ifBetter, tmp.resolve("a.zip"), 7).toString(),
        PipelineOptionsFactory.create(), quiet);
    EvaluationOutcome b = EvaluateStage.run(ifBetter, EvaluationFixture.writeModel(ifBetter, tmp.resolve("b.zip"), 3).toString(),
        PipelineOptionsFactory.create(), quiet);
    assertNotEquals(a.meanIou(), b.meanIou(), "the two test models must score differently");
    better = a.meanIou() > b.meanIou() ? a : b;
    worse = better == a ? b : a;
  }

  private Path published() {
    return tmp.resolve("camvid").resolve(ifBetter.name()).resolve("published");
  }

  private static void clear(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void publishesTheModelWithProvenanceCardAndMetrics() throws Exception {
    clear(published());
    PublishOutcome out = Publisher.publish(ifBetter, worse.model(), worse, console);
    assertTrue(out.published(), out.reason());
    assertEquals(out.release() + "\n", Files.readString(published().resolve("CURRENT")));
    Map<String, Object> provenance = ModelFile.provenance(out.model());
    assertEquals(ifBetter.hash(), provenance.get("config_hash"));
    assertEquals(ifBetter.toYaml(), provenance.get("resolved_config"));
    assertEquals(String.valueOf(ModelFile.provenance(Path.of(worse.model())).get("seed")), provenance.get("seed"),
        "the seed recorded by the source model");
    assertEquals(64, provenance.get("shard_manifest_sha256").toString().length());
    assertEquals(worse.valSetHash(), provenance.get("val_set_sha256"));
    assertTrue(provenance.containsKey("git_commit") && provenance.containsKey("libraries"), provenance.keySet().toString());
    assertTrue(provenance.get("metrics").toString().contains("\"mIoU\""));
    assertEquals(ModelFile.load(Path.of(worse.model()), false).spec(), ModelFile.load(out.model(), false).spec());
    Path release = out.model().getParent();
    assertArrayEquals(Files.readAllBytes(worse.metricsFile()), Files.readAllBytes(release.resolve("metrics.json")));
    String card = Files.readString(release.resolve("model-card.md"));
    for (String expected : new String[] {"## Limits", "| green |", "val_set_sha256", ifBetter.hash()}) {
      assertTrue(card.contains(expected), "model card lacks '" + expected + "':\n" + card);
    }
  }

  @Test
  void ifBetterPromotesTheBetterModelAndRefusesTheWorseOne() throws Exception {
    clear(published());
    PublishOutcome first = Publisher.publish(ifBetter, worse.model(), worse, console);
    PublishOutcome second = Publisher.publish(ifBetter, better.model(), better, console);
    assertTrue(second.published(), second.reason());
    assertEquals(second.release() + "\n", Files.readString(published().resolve("CURRENT")));
    assertTrue(Files.exists(published().resolve("releases").resolve(first.release()).resolve("model")),
        "the previous release is kept");

    byte[] pointer = Files.readAllBytes(published().resolve("CURRENT"));
    PublishOutcome refused = Publisher.publish(ifBetter, worse.model(), worse, console);
    assertFalse(refused.published());
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("not published: mIoU"), printed.toString());
    assertArrayEquals(pointer, Files.readAllBytes(published().resolve("CURRENT")));
    try (var releases = Files.list(published().resolve("releases"))) {
      assertEquals(2, releases.count(), "a refused model writes no release");
    }
  }

  @Test
  void ifBetterRefusesAModelMeasuredOnAnotherValSet() throws Exception {
    clear(published());
    Publisher.publish(ifBetter, worse.model(), worse, console);
    EvaluationOutcome elsewhere = new EvaluationOutcome(better.metricsFile(), better.report(), 0.99, better.metrics(),
        better.classNames(), 1, "0".repeat(64), better.model(), better.configHash(), better.timing());
    PublishOutcome out = Publisher.publish(ifBetter, better.model(), elsewhere, console);
    assertFalse(out.published());
    assertTrue(out.reason().contains("different val set"), out.reason());
  }

  @Test
  void withoutIfBetterAWorseModelReplacesThePublishedOneWhichIsKept() throws Exception {
    clear(published());
    ExperimentConfig always = EvaluationFixture.config(tmp, "PIPELINE.PUBLISH_IF_BETTER", "false");
    EvaluationOutcome b = new EvaluationOutcome(better.metricsFile(), better.report(), better.meanIou(), better.metrics(),
        better.classNames(), better.images(), better.valSetHash(), better.model(), always.hash(), better.timing());
    EvaluationOutcome w = new EvaluationOutcome(worse.metricsFile(), worse.report(), worse.meanIou(), worse.metrics(),
        worse.classNames(), worse.images(), worse.valSetHash(), worse.model(), always.hash(), worse.timing());
    PublishOutcome first = Publisher.publish(always, b.model(), b, console);
    PublishOutcome second = Publisher.publish(always, w.model(), w, console);
    assertTrue(second.published(), second.reason());
    assertEquals(second.release() + "\n", Files.readString(published().resolve("CURRENT")));
    assertTrue(Files.exists(published().resolve("releases").resolve(first.release()).resolve("model")));
  }

  @Test
  void aPublishInterruptedBeforeTheSwapLeavesThePublishedReleaseIntact() throws Exception {
    clear(published());
    PublishOutcome old = Publisher.publish(ifBetter, worse.model(), worse, console);
    byte[] oldModel = Files.readAllBytes(old.model());
    for (String step : new String[] {"model", "staged"}) {
      RuntimeException crash = assertThrows(RuntimeException.class, () -> Publisher.publish(ifBetter, better.model(), better,
          console, s -> {
            if (s.equals(step)) {
              throw new IllegalStateException("killed after " + s);
            }
          }));
      assertEquals("killed after " + step, crash.getMessage());
      assertEquals(old.release() + "\n", Files.readString(published().resolve("CURRENT")), "after " + step);
      assertArrayEquals(oldModel, Files.readAllBytes(old.model()));
      assertEquals(worse.meanIou(), PublishedRelease.current(published()).orElseThrow().meanIou(), 0.0);
      try (var releases = Files.list(published().resolve(PublishedRelease.RELEASES))) {
        assertEquals(List.of(old.release()), releases.map(r -> r.getFileName().toString()).toList(),
            "the failed publish removed its own release folder (after " + step + ")");
      }
    }
    assertTrue(Publisher.publish(ifBetter, better.model(), better, console).published(), "a later publish still works");
  }

  /** Stands for the process dying: an Error passes the publish's own clean-up, as a kill would. */
  private static final class Killed extends Error {
    Killed(String step) {
      super("killed after " + step);
    }
  }

  @Test
  void theNextPublishRemovesTheFolderOfAProcessKilledMidPublishAndKeepsTheOthers() throws Exception {
    clear(published());
    PublishOutcome old = Publisher.publish(ifBetter, worse.model(), worse, console);
    for (String step : new String[] {"model", "staged"}) {
      assertThrows(Killed.class, () -> Publisher.publish(ifBetter, better.model(), better, console, s -> {
        if (s.equals(step)) {
          throw new Killed(s);
        }
      }));
      assertEquals(2, releaseNames().size(), "a kill leaves its folder behind (after " + step + ")");
      PublishOutcome refused = Publisher.publish(ifBetter, worse.model(), worse, console);
      assertFalse(refused.published(), "not better than itself");
      assertEquals(List.of(old.release()), releaseNames(), "the next publish removed it (after " + step + ")");
      assertFalse(Files.exists(published().resolve(PublishedRelease.STAGING)));
      assertEquals(old.release() + "\n", Files.readString(published().resolve("CURRENT")));
    }
    assertTrue(printed.toString(StandardCharsets.UTF_8).contains("a publish that did not finish left it"), printed.toString());
  }

  @Test
  void aKillAfterTheSwapKeepsTheNewRelease() throws Exception {
    clear(published());
    Publisher.publish(ifBetter, worse.model(), worse, console);
    PublishOutcome promoted = Publisher.publish(ifBetter, better.model(), better, console);
    // As if the process died between writing CURRENT and deleting STAGING.
    Files.writeString(published().resolve(PublishedRelease.STAGING), promoted.release() + "\n");
    Publisher.publish(ifBetter, worse.model(), worse, console);
    assertEquals(2, releaseNames().size(), "the release CURRENT names is never removed");
    assertEquals(promoted.release() + "\n", Files.readString(published().resolve("CURRENT")));
  }

  private List<String> releaseNames() throws Exception {
    try (var releases = Files.list(published().resolve(PublishedRelease.RELEASES))) {
      return releases.map(r -> r.getFileName().toString()).sorted().toList();
    }
  }
}
