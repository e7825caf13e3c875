package org.hrnetbeam.data;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.hrnetbeam.records.ExampleCodec;
import org.hrnetbeam.records.SampleRecord;

/**
 * Produces one worker's batches of one epoch on the calling thread: streams the plan's shards in
 * order, keeps the plan's copy, mixes records in a {@link ShuffleBuffer}, decodes and normalises,
 * and stacks {@link DataSettings#batchSize()} samples per batch, stopping after
 * {@code maxBatches}. {@link Prefetcher} runs it in the background.
 *
 * <p>With a finite {@code maxBatches} it yields exactly that many: shards hold unequal record
 * counts, so a worker whose shards run out first reads them again from the start (as PyTorch's
 * DistributedSampler pads a rank by repeating samples) and every worker takes the same number of
 * steps.
 *
 * <p>With {@link DataSettings#decodeThreads()} above 1, PNG decoding and normalisation run on a
 * small pool, at most two records per thread ahead; results are taken in record order, so the
 * batches are the same whatever the thread count.
 */
final class EpochBatches implements Closeable {
  private record Pending(SampleRecord record, String source) {}

  private final EpochPlan plan;
  private final DataSettings settings;
  private final boolean gzip;
  private final long maxBatches;
  private final SampleNormalizer normalizer;
  private final ShuffleBuffer<Pending> buffer;
  private final ExecutorService pool;
  private final int lookahead;
  private final Deque<Future<NormalizedSample>> decoding = new ArrayDeque<>();
  private int shardIndex;
  private long keptThisPass;
  private TfRecordStream stream;
  private boolean passDone;
  private long batches;
  private long recordsRead;

  /**
   * @param shardIgnore the shards' ignore label value (manifest labels.ignore)
   * @param maxBatches stop after this many batches (the schedule's iterations per epoch, so all
   *     workers take the same number of steps); {@code Long.MAX_VALUE} for all
   */
  EpochBatches(EpochPlan plan, DataSettings settings, boolean gzip, int shardIgnore, long maxBatches) {
    this.plan = plan;
    this.settings = settings;
    this.gzip = gzip;
    this.maxBatches = maxBatches;
    this.normalizer = new SampleNormalizer(shardIgnore, settings.ignoreLabel());
    this.buffer = new ShuffleBuffer<>(settings.shuffle() ? settings.shuffleBuffer() : 1, new SplittableRandom(plan.shuffleSeed()));
    int threads = settings.decodeThreads();
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, daemonThreads()) : null;
    this.lookahead = threads > 1 ? 2 * threads : 1;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "hrnet-data-decode-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
  }

  /** The next batch, or null when the epoch is over. */
  Batch next() throws IOException {
    if (batches >= maxBatches) {
      return null;
    }
    List<NormalizedSample> samples = new ArrayList<>(settings.batchSize());
    while (samples.size() < settings.batchSize()) {
      fillDecoding();
      if (decoding.isEmpty()) {
        break;
      }
      samples.add(result(decoding.poll()));
    }
    if (samples.isEmpty() || (samples.size() < settings.batchSize() && settings.dropLast())) {
      return null;
    }
    batches++;
    return BatchAssembler.assemble(samples);
  }

  /** Starts decoding records until {@code lookahead} are in flight or the input ends. */
  private void fillDecoding() throws IOException {
    while (decoding.size() < lookahead) {
      Pending p = nextRecord();
      if (p == null) {
        return;
      }
      if (pool == null) {
        decoding.add(CompletableFuture.completedFuture(normalizer.normalize(p.record(), p.source())));
      } else {
        decoding.add(pool.submit(() -> normalizer.normalize(p.record(), p.source())));
      }
    }
  }

  private static NormalizedSample result(Future<NormalizedSample> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while decoding", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Shard records read so far, kept or not: shows the reader runs ahead by a bounded amount. */
  long recordsRead() {
    return recordsRead;
  }

  /**
   * The next record in shuffled order. A pass over the shards ends with the shuffle buffer
   * drained, so within a pass every record comes out once before any is repeated by the next.
   */
  private Pending nextRecord() throws IOException {
    while (true) {
      if (!passDone) {
        Pending in = nextKept();
        if (in == null) {
          passDone = true;
        } else if (!settings.shuffle()) {
          return in;
        } else {
          Pending out = buffer.offer(in);
          if (out != null) {
            return out;
          }
          continue;
        }
      }
      Pending rest = buffer.drain();
      if (rest != null) {
        return rest;
      }
      if (maxBatches == Long.MAX_VALUE || keptThisPass == 0) {
        return null;
      }
      shardIndex = 0;
      keptThisPass = 0;
      passDone = false;
    }
  }

  /** The next record of the plan's copy, across shard boundaries; null at the end of the pass. */
  private Pending nextKept() throws IOException {
    while (true) {
      if (stream == null) {
        if (shardIndex >= plan.shards().size()) {
          return null;
        }
        stream = TfRecordStream.open(plan.shards().get(shardIndex++), gzip);
      }
      byte[] bytes = stream.next();
      if (bytes == null) {
        stream.close();
        stream = null;
        continue;
      }
      recordsRead++;
      String source = stream.name() + " record " + (stream.recordsRead() - 1);
      SampleRecord record;
      try {
        record = ExampleCodec.decode(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw new IOException(source + ": not a shard record: " + e.getMessage(), e);
      }
      if (plan.copy() < 0 || record.copy() == plan.copy()) {
        keptThisPass++;
        return new Pending(record, source);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }
}
