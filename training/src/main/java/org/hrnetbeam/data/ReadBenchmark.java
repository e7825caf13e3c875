package org.hrnetbeam.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hrnetbeam.storage.Storage;

/**
 * Measures how fast the training input runs and whether prefetching hides it behind the model:
 * reads one epoch of a shard folder (from {@code hrnet prepare}) once per simulated step time,
 * sleeping that long per batch as a stand-in for the model's step, and prints a table of
 * images per second and the per-batch data wait. Step 0 gives the reader's own top speed.
 *
 * <pre>java ... org.hrnetbeam.data.ReadBenchmark SHARD_DIR [split=train] [batch=3] [stepsMs=0,250,1000] [prefetch=2] [maxBatches=40] [decodeThreads=1,2]</pre>
 */
public final class ReadBenchmark {
  private ReadBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: ReadBenchmark SHARD_DIR [split=train] [batch=3] [stepsMs=0,250,1000] [prefetch=2] [maxBatches=40] [decodeThreads=1,2]");
      System.exit(2);
    }
    ShardManifest manifest = ShardManifest.read(Storage.path(args[0]));
    String split = args.length > 1 ? args[1] : "train";
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<Long> steps = new ArrayList<>();
    for (String s : (args.length > 3 ? args[3] : "0,250,1000").split(",")) {
      steps.add(Long.parseLong(s.trim()));
    }
    int prefetch = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    long maxBatches = args.length > 5 ? Long.parseLong(args[5]) : 40;
    List<Integer> threadCounts = new ArrayList<>();
    for (String t : (args.length > 6 ? args[6] : "1,2").split(",")) {
      threadCounts.add(Integer.parseInt(t.trim()));
    }

    System.out.printf(Locale.ROOT, "shards: %s, split %s, %d records, gzip %s, batch %d, prefetch %d, up to %d batches%n",
        args[0], split, manifest.records(split), manifest.gzip(), batch, prefetch, maxBatches);
    System.out.println("| decode threads | step ms | batches | images | wall s | images/s | mean wait ms | max wait ms | first wait ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (int threads : threadCounts) {
      for (long stepMs : steps) {
        row(manifest, split, new DataSettings(batch, true, 64, prefetch, true, true, threads, 255, 1), stepMs, maxBatches);
      }
    }
  }

  private static void row(ShardManifest manifest, String split, DataSettings settings, long stepMs, long maxBatches) {
    long start = System.nanoTime();
    long images = 0;
    long batches = 0;
    long waitSum = 0;
    long waitMax = 0;
    long firstWait = 0;
    try (Prefetcher p = TrainingData.open(manifest, split, settings, 0, 1, 0, maxBatches)) {
      while (p.hasNext()) {
        Batch b = p.next();
        if (batches == 0) {
          firstWait = b.waitNanos();
        } else {
          // The first batch always waits for the pipeline to fill; steady state is what matters.
          waitSum += b.waitNanos();
          waitMax = Math.max(waitMax, b.waitNanos());
        }
        batches++;
        images += b.size();
        sleep(stepMs);
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.2f | %.1f | %.1f | %.1f | %.1f |%n", settings.decodeThreads(), stepMs, batches, images, wall,
        images / wall, batches > 1 ? waitSum / 1e6 / (batches - 1) : 0.0, waitMax / 1e6, firstWait / 1e6);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
