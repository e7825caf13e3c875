package org.hrnetbeam.publish;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.evaluate.EvaluationOutcome;
import org.hrnetbeam.evaluate.EvaluationSettings;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.ModelFile;
import org.hrnetbeam.report.TrainedModel;
import org.hrnetbeam.shard.ManifestWriter;
import org.hrnetbeam.storage.Storage;

/**
 * Publishes an evaluated model into {@code <output dir>/published/} by the scheme of this package
 * (a complete release folder, then one atomic write of {@code CURRENT}); see {@code package-info}.
 */
public final class Publisher {
  /** The folder under the output directory. */
  public static final String FOLDER = "published";
  private static final DateTimeFormatter RELEASE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  /** Called with each finished step's name ("model", "staged"); tests use it to interrupt a publish. */
  private final Consumer<String> afterStep;

  private Publisher(Consumer<String> afterStep) {
    this.afterStep = afterStep;
  }

  /** Publishes {@code model}, evaluated as {@code outcome}, unless PIPELINE.PUBLISH_IF_BETTER refuses it. */
  public static PublishOutcome publish(ExperimentConfig config, String model, EvaluationOutcome outcome,
      PrintStream console) throws IOException {
    return new Publisher(step -> { }).run(config, model, outcome, console);
  }

  /** As {@link #publish}, calling {@code afterStep} after each step. */
  static PublishOutcome publish(ExperimentConfig config, String model, EvaluationOutcome outcome, PrintStream console,
      Consumer<String> afterStep) throws IOException {
    return new Publisher(afterStep).run(config, model, outcome, console);
  }

  private PublishOutcome run(ExperimentConfig config, String model, EvaluationOutcome outcome, PrintStream console)
      throws IOException {
    if (!model.equals(outcome.model())) {
      throw new IllegalArgumentException("the evaluation is of " + outcome.model() + ", not of " + model);
    }
    if (!config.hash().equals(outcome.configHash())) {
      throw new IllegalArgumentException("the evaluation was made with another config (sha256 " + outcome.configHash()
          + ") than this one (" + config.hash() + ")");
    }
    Path published = Storage.path(config.outputDir()).resolve(FOLDER);
    Optional<PublishedRelease> current = PublishedRelease.current(published);
    removeInterrupted(published, current, console);
    PromotionRule.Decision decision = PromotionRule.decide(config.getBoolean("PIPELINE.PUBLISH_IF_BETTER"), current,
        outcome.meanIou(), outcome.valSetHash());
    if (!decision.publish()) {
      console.println("not published: " + decision.reason());
      return new PublishOutcome(false, null, null, decision.reason());
    }
    String release = releaseName(published, model);
    Path dir = published.resolve(PublishedRelease.RELEASES).resolve(release);
    String metricsJson = new String(Storage.readAllBytes(outcome.metricsFile()), StandardCharsets.UTF_8);
    Map<String, Object> source = ModelFile.isModelFile(Storage.path(model)) ? ModelFile.provenance(Storage.path(model))
        : Map.of();
    Map<String, String> provenance = ReleaseProvenance.of(config, outcome, source, manifestSha256(config), metricsJson);
    HrnetModel network = TrainedModel.load(config, model);
    Path staging = published.resolve(PublishedRelease.STAGING);
    Storage.writeString(staging, release + "\n");
    try {
      ModelFile.save(network, dir.resolve(PublishedRelease.MODEL), false, provenance);
      afterStep.accept("model");
      Storage.writeString(dir.resolve(PublishedRelease.METRICS), metricsJson);
      Storage.writeString(dir.resolve(PublishedRelease.CARD), ModelCard.markdown(config, outcome, release, provenance));
      afterStep.accept("staged");
      // The one step readers see: CURRENT now names the complete release folder.
      Storage.writeString(published.resolve(PublishedRelease.POINTER), release + "\n");
    } catch (IOException | RuntimeException e) {
      removeUnpublished(dir, e);
      deleteQuietly(staging, e);
      throw e;
    }
    Files.deleteIfExists(staging);
    console.println("published " + Storage.location(dir) + " (" + decision.reason() + ")");
    return new PublishOutcome(true, release, dir.resolve(PublishedRelease.MODEL), decision.reason());
  }

  /**
   * Removes the release folder a killed publish left behind: {@code STAGING} names the release
   * being written until its publish ends, so a STAGING that outlived its process and names a
   * release CURRENT does not is such a folder. Older releases are never named by STAGING and stay,
   * a rolled-back CURRENT included.
   */
  private static void removeInterrupted(Path published, Optional<PublishedRelease> current, PrintStream console)
      throws IOException {
    Path staging = published.resolve(PublishedRelease.STAGING);
    if (!Files.exists(staging)) {
      return;
    }
    String left = new String(Storage.readAllBytes(staging), StandardCharsets.UTF_8).strip();
    boolean isCurrent = current.map(c -> c.name().equals(left)).orElse(false);
    if (!left.isEmpty() && !left.contains("/") && !isCurrent) {
      Path dir = published.resolve(PublishedRelease.RELEASES).resolve(left);
      IOException failure = new IOException("could not remove " + Storage.location(dir)
          + ", left by a publish that did not finish");
      removeUnpublished(dir, failure);
      if (failure.getSuppressed().length > 0) {
        throw failure;
      }
      console.println("removed " + Storage.location(dir) + ": a publish that did not finish left it");
    }
    Files.deleteIfExists(staging);
  }

  /**
   * Deletes the folder of a release that failed before CURRENT named it, so that a failed publish
   * leaves no release nobody will read; what cannot be deleted is added to {@code failure}.
   */
  private static void removeUnpublished(Path dir, Exception failure) {
    for (String file : new String[] {PublishedRelease.MODEL, PublishedRelease.METRICS, PublishedRelease.CARD}) {
      deleteQuietly(dir.resolve(file), failure);
    }
    deleteQuietly(dir, failure);
  }

  private static void deleteQuietly(Path path, Exception failure) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** {@code <UTC time>-<12 hex of the model file's SHA-256>}, with a counter if that folder exists. */
  private static String releaseName(Path published, String model) throws IOException {
    String base = ZonedDateTime.now(ZoneOffset.UTC).format(RELEASE_TIME) + "-"
        + sha256(Storage.readAllBytes(Storage.path(model))).substring(0, 12);
    String name = base;
    // A file, not the folder: Cloud Storage has no folders, only objects under a prefix.
    for (int i = 2; Files.exists(published.resolve(PublishedRelease.RELEASES).resolve(name).resolve(PublishedRelease.MODEL));
        i++) {
      name = base + "-" + i;
    }
    return name;
  }

  private static String manifestSha256(ExperimentConfig config) throws IOException {
    Path manifest = Storage.path(EvaluationSettings.shardDir(config)).resolve(ManifestWriter.MANIFEST);
    return sha256(Storage.readAllBytes(manifest));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
