package org.hrnetbeam.prepare;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.hrnetbeam.augment.AugmentSettings;
import org.hrnetbeam.augment.RecordMaker;
import org.hrnetbeam.ingest.DeadLetter;
import org.hrnetbeam.ingest.DecodedSample;
import org.hrnetbeam.ingest.SampleReader;
import org.hrnetbeam.ingest.SampleRef;
import org.hrnetbeam.ingest.SampleRejectedException;
import org.hrnetbeam.ingest.Split;
import org.hrnetbeam.remap.LabelMap;
import org.hrnetbeam.remap.LabelRemapper;
import org.hrnetbeam.remap.LabelStats;
import org.hrnetbeam.remap.RemappedLabel;
import org.hrnetbeam.shard.KeyedExample;
import org.hrnetbeam.shard.PieceStager;
import org.hrnetbeam.shard.ShardPiece;
import org.hrnetbeam.shard.WriteShards;

/**
 * Stages 1 to 3 of prepare for each sample of each group ({@link SpreadSamples}), in one step:
 * read and decode ({@link SampleReader}), remap the label ({@link LabelRemapper}), make its records
 * ({@link RecordMaker}: K augmented crops for train and extra, the sample as is for validation) and
 * key each serialized record by its shard ({@link WriteShards#assign}). Outputs: {@link #PIECES}
 * for {@link WriteShards#fromPieces} (when a bundle ends, its records of each shard are written as
 * one piece file, {@link PieceStager}), one {@link LabelStats} per decoded sample on {@link #STATS},
 * and {@link #DEAD_LETTERS}: a sample that cannot be read (stage "ingest") or augmented (stage
 * "augment") is never dropped silently.
 *
 * <p>Why one step and not a ParDo per stage: DirectRunner runs every ParDo as its own bundles and
 * does not fuse them, so each stage paid its per-bundle costs (the ParDo translated to its proto with
 * the DoFn serialized, watermark bookkeeping) and every decoded image waited in memory, surviving
 * garbage collections, until the next stage's bundle ran. Flink fuses chained ParDos itself, so
 * there this changes nothing. The per-sample logic is the plain Java of each stage's package. The
 * records are staged here rather than by a step of {@link WriteShards} for the same reason:
 * DirectRunner ran that step's bundles only after every group had been made, so all records
 * waited on the heap.
 *
 * <p>Counters (namespace this class): {@code read}, {@code records}, {@code rejected_<reason>} and
 * {@code unmapped_value_<v>} (pixels of a source value the label map does not cover).
 */
public final class MakeShardRecords extends PTransform<PCollection<KV<Integer, Iterable<SampleRef>>>, PCollectionTuple> {
  /** The records' piece files, keyed by shard, for {@link WriteShards#fromPieces}. */
  public static final TupleTag<KV<String, ShardPiece>> PIECES = new TupleTag<>() {};
  public static final TupleTag<LabelStats> STATS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  /** Counter of decoded samples. */
  static final String READ = "read";
  /** Counter of records made. */
  static final String RECORDS_MADE = "records";
  /** Prefix of the counters of rejected samples, one per reason. */
  static final String REJECTED = "rejected_";

  /** What the transform and its DoFn share; serialized with the DoFn. */
  private record Settings(LabelMap labelMap, AugmentSettings augment, int copies, long seed, int pngLevel,
      int numShards, String shardDir) implements Serializable {
  }

  private final Settings settings;

  private MakeShardRecords(Settings settings) {
    this.settings = settings;
  }

  /**
   * @param copies PIPELINE.AUGMENT_COPIES: records per training image, at least 1
   * @param seed the run's seed; every draw derives from (seed, sample id, copy)
   * @param pngLevel PIPELINE.PNG_LEVEL, deflate level of the PNGs in the records, 0..9
   * @param numShards PIPELINE.NUM_SHARDS, shards per split, at least 1
   * @param shardDir the shard folder, where each bundle's records are staged as piece files
   */
  public static MakeShardRecords with(LabelMap labelMap, AugmentSettings augment, int copies, long seed, int pngLevel,
      int numShards, String shardDir) {
    if (copies < 1) {
      throw new IllegalArgumentException("PIPELINE.AUGMENT_COPIES must be >= 1, got " + copies);
    }
    if (pngLevel < 0 || pngLevel > 9) {
      throw new IllegalArgumentException("PIPELINE.PNG_LEVEL must be 0..9, got " + pngLevel);
    }
    if (numShards < 1) {
      throw new IllegalArgumentException("PIPELINE.NUM_SHARDS must be >= 1, got " + numShards);
    }
    if (shardDir.isBlank()) {
      throw new IllegalArgumentException("shard folder must not be empty");
    }
    return new MakeShardRecords(new Settings(labelMap, augment, copies, seed, pngLevel, numShards, shardDir));
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<Integer, Iterable<SampleRef>>> groups) {
    PCollectionTuple out = groups.apply("ReadRemapAugment",
        ParDo.of(new MakeFn(settings)).withOutputTags(PIECES, TupleTagList.of(STATS).and(DEAD_LETTERS)));
    out.get(PIECES).setCoder(WriteShards.PIECE_CODER);
    out.get(STATS).setCoder(SerializableCoder.of(LabelStats.class));
    out.get(DEAD_LETTERS).setCoder(SerializableCoder.of(DeadLetter.class));
    return out;
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    Settings s = settings;
    builder.add(DisplayData.item("labelMap", s.labelMap().name())).add(DisplayData.item("ignore", s.labelMap().ignore()))
        .add(DisplayData.item("copies", s.copies())).add(DisplayData.item("seed", s.seed()))
        .add(DisplayData.item("pngLevel", s.pngLevel())).add(DisplayData.item("numShards", s.numShards()))
        .add(DisplayData.item("shardDir", s.shardDir()))
        .add(DisplayData.item("augment", s.augment().toString()));
  }

  private static final class MakeFn extends DoFn<KV<Integer, Iterable<SampleRef>>, KV<String, ShardPiece>> {
    private final Settings settings;
    private final Counter read = Metrics.counter(MakeShardRecords.class, READ);
    private final Counter made = Metrics.counter(MakeShardRecords.class, RECORDS_MADE);
    private transient RecordMaker maker;
    private transient PieceStager stager;

    MakeFn(Settings settings) {
      this.settings = settings;
    }

    @Setup
    public void setup() {
      maker = new RecordMaker(settings.augment(), settings.seed(), settings.pngLevel());
    }

    @StartBundle
    public void startBundle() {
      stager = new PieceStager(settings.shardDir());
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<SampleRef>> group, MultiOutputReceiver out) {
      for (SampleRef ref : group.getValue()) {
        make(ref, out);
      }
    }

    private void make(SampleRef ref, MultiOutputReceiver out) {
      DecodedSample decoded;
      try {
        decoded = SampleReader.read(ref);
      } catch (SampleRejectedException e) {
        reject(e.deadLetter(), out);
        return;
      }
      read.inc();
      RemappedLabel remapped = LabelRemapper.remap(decoded.label(), settings.labelMap());
      for (Map.Entry<Integer, Long> e : remapped.unmapped().entrySet()) {
        Metrics.counter(MakeShardRecords.class, "unmapped_value_" + e.getKey()).inc(e.getValue());
      }
      out.get(STATS).output(LabelStats.of(ref.split(), remapped));
      Split split = Split.fromPrefix(ref.split());
      @SuppressWarnings("unchecked")
      KV<String, KeyedExample>[] records = new KV[RecordMaker.copiesOf(split, settings.copies())];
      try {
        for (int copy = 0; copy < records.length; copy++) {
          records[copy] = WriteShards.assign(split.prefix(), maker.make(ref, decoded.image(), remapped.label(), split, copy), settings.seed(),
              settings.numShards());
        }
      } catch (RuntimeException e) {
        // Nothing of a failed sample reaches a shard: all copies or none.
        reject(new DeadLetter(ref.image(), "augment_failed", "augment", e.toString()), out);
        return;
      }
      for (KV<String, KeyedExample> r : records) {
        stager.add(r);
        made.inc();
      }
    }

    /** The bundle's records go to disk now, one piece file per shard, rather than waiting in memory. */
    @FinishBundle
    public void finishBundle(FinishBundleContext c) throws IOException {
      for (KV<String, ShardPiece> piece : stager.writePieces()) {
        c.output(PIECES, piece, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      stager = null;
    }

    private static void reject(DeadLetter letter, MultiOutputReceiver out) {
      Metrics.counter(MakeShardRecords.class, REJECTED + letter.reason()).inc();
      out.get(DEAD_LETTERS).output(letter);
    }
  }
}
