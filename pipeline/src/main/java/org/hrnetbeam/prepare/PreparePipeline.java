package org.hrnetbeam.prepare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.ingest.SampleLister;
import org.hrnetbeam.ingest.SampleRef;
import org.hrnetbeam.ingest.Split;
import org.hrnetbeam.shard.ManifestContext;
import org.hrnetbeam.shard.ShardInfo;
import org.hrnetbeam.shard.ShardPieces;
import org.hrnetbeam.shard.WriteManifest;
import org.hrnetbeam.shard.WriteShards;
import org.hrnetbeam.storage.Storage;

/**
 * The prepare stage as one Beam pipeline: list → {@link SpreadSamples} → {@link MakeShardRecords}
 * (read, remap, augment, encode) → {@link WriteShards} → {@link WriteManifest}. Listing happens while the
 * pipeline is built, so a missing root or an empty list fails before anything runs.
 */
public final class PreparePipeline {
  private PreparePipeline() {}

  /** Lists every split's samples, train first. */
  public static List<SampleRef> listSamples(PrepareSettings s) {
    SampleLister lister = new SampleLister(Storage.path(s.root()), s.layout());
    List<SampleRef> all = new ArrayList<>();
    for (Map.Entry<Split, String> e : s.sets().entrySet()) {
      all.addAll(lister.list(e.getKey(), e.getValue()));
    }
    return all;
  }

  /** Adds the prepare stage to {@code p}; returns the summary line's collection. */
  public static PCollection<String> build(Pipeline p, PrepareSettings s, ExperimentConfig cfg) {
    return build(p, s, cfg, listSamples(s));
  }

  private static PCollection<String> build(Pipeline p, PrepareSettings s, ExperimentConfig cfg,
      List<SampleRef> samples) {
    LinkedHashMap<String, Integer> listed = new LinkedHashMap<>();
    for (Split split : s.sets().keySet()) {
      listed.put(split.prefix(), (int) samples.stream().filter(r -> r.split().equals(split.prefix())).count());
    }
    ManifestContext context = new ManifestContext(s.shardDir(), s.numShards(), s.gzip(), listed, s.labelMap().name(),
        s.labelMap().ignore(), s.labelMap().classes(), Split.TRAIN.prefix(),
        ManifestProvenance.of(cfg, s, samples));

    PCollectionTuple made = p
        // Spreads the (cheap) references over workers, a few per group, before the expensive decoding.
        .apply("SpreadSamples", SpreadSamples.of(samples))
        .apply("MakeShardRecords", MakeShardRecords.with(s.labelMap(), s.augment(), s.copies(), s.seed(), s.pngLevel(),
            s.numShards(), s.shardDir()));
    PCollection<ShardInfo> shards = made.get(MakeShardRecords.PIECES)
        .apply("WriteShards", WriteShards.fromPieces(s.shardDir(), s.numShards(), s.gzip()));
    return PCollectionTuple.of(WriteManifest.SHARDS, shards)
        .and(WriteManifest.STATS, made.get(MakeShardRecords.STATS))
        .and(WriteManifest.DEAD_LETTERS, made.get(MakeShardRecords.DEAD_LETTERS))
        .apply("WriteManifest", WriteManifest.with(context));
  }

  /** How often {@link #run(PrepareSettings, ExperimentConfig, PipelineOptions)} prints progress. */
  public static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  /**
   * Builds and runs the pipeline with a progress line on stderr every {@link #PROGRESS_EVERY},
   * then reads the outcome back from the manifest.
   */
  public static PrepareOutcome run(PrepareSettings s, ExperimentConfig cfg, PipelineOptions options) throws IOException {
    return run(s, cfg, options, PROGRESS_EVERY, System.err);
  }

  /**
   * As {@link #run(PrepareSettings, ExperimentConfig, PipelineOptions)}, with progress lines
   * ({@link PrepareProgress}) to {@code progressOut} every {@code progressEvery}; zero: none.
   */
  /** How long a failed run's clean-up waits for staged pieces to stay away (see removePiecesAfterFailure). */
  private static final Duration SETTLE = Duration.ofSeconds(1);
  private static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  public static PrepareOutcome run(PrepareSettings s, ExperimentConfig cfg, PipelineOptions options,
      Duration progressEvery, PrintStream progressOut) throws IOException {
    Pipeline p = Pipeline.create(options);
    List<SampleRef> samples = listSamples(s);
    build(p, s, cfg, samples);
    PipelineResult.State state;
    try {
      state = ReportProgress.run(p, PrepareProgress.of(samples, s.copies()), progressEvery, progressOut);
    } catch (RuntimeException e) {
      removePiecesAfterFailure(s, e);
      throw e;
    }
    if (state != PipelineResult.State.DONE) {
      IOException e = new IOException("prepare pipeline ended in state " + state);
      removePiecesAfterFailure(s, e);
      throw e;
    }
    return PrepareOutcome.read(s.shardDir());
  }

  /**
   * A failed run's staged records (gigabytes for a large set) would otherwise wait in the shard
   * folder for the next run; a failure to remove them is added to the run's own error. The runner
   * reports the first failure while other bundles may still be running, and those can stage pieces
   * after a first removal, so this removes them until none has come back for {@link #SETTLE}.
   */
  private static void removePiecesAfterFailure(PrepareSettings s, Exception failure) {
    long limit = System.nanoTime() + SETTLE_LIMIT.toNanos();
    long quietSince = System.nanoTime();
    Exception last = null;
    try {
      Path shardDir = Storage.path(s.shardDir());
      boolean first = true;
      while (true) {
        try {
          if (first || ShardPieces.hasPieces(shardDir)) {
            first = false;
            ShardPieces.deletePieces(shardDir);
            quietSince = System.nanoTime();
          }
          last = null;
        } catch (IOException | RuntimeException e) {
          last = e;
          quietSince = System.nanoTime();
        }
        long now = System.nanoTime();
        if (now - quietSince >= SETTLE.toNanos() || now >= limit) {
          break;
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      last = e;
    } catch (RuntimeException e) {
      last = e;
    }
    if (last != null) {
      failure.addSuppressed(last);
    }
  }

}
