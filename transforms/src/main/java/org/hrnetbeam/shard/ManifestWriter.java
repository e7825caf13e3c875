package org.hrnetbeam.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hrnetbeam.ingest.DeadLetter;
import org.hrnetbeam.remap.DatasetStats;
import org.hrnetbeam.storage.Storage;

/**
 * Finishes a prepare run: removes the piece folder ({@link ShardPieces}), writes the shards no
 * record fell into as empty files (so every
 * {@code -of-NNNNN} name exists), deletes shard files of earlier runs that this run does not list,
 * and writes {@code deadletter.jsonl} (sorted, one JSON object per line,
 * empty when nothing was rejected) and {@code manifest.json}, each atomically.
 */
public final class ManifestWriter {
  public static final String MANIFEST = "manifest.json";
  public static final String DEAD_LETTERS = "deadletter.jsonl";
  public static final String FORMAT = "hrnet-shards/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper JSON_LINE = new ObjectMapper();

  private ManifestWriter() {}

  /** Writes everything and returns the one-line summary of the run. */
  public static String write(ManifestContext ctx, List<ShardInfo> written, DatasetStats stats, List<DeadLetter> deadLetters)
      throws IOException {
    Path dir = Storage.path(ctx.shardDir());
    // Every shard is written by now; pieces left over are from bundles a runner retried.
    ShardPieces.deletePieces(dir);
    List<ShardInfo> shards = new ArrayList<>(written);
    Set<String> present = new HashSet<>();
    written.forEach(s -> present.add(s.file()));
    Set<String> thisRun = new HashSet<>();
    for (String split : ctx.samplesListed().keySet()) {
      for (int i = 0; i < ctx.numShards(); i++) {
        String name = ShardName.of(split, i, ctx.numShards(), ctx.gzip());
        thisRun.add(name);
        if (!present.contains(name)) {
          long bytes = ShardFileWriter.write(dir.resolve(name), List.of(), ctx.gzip());
          shards.add(new ShardInfo(split, name, 0, bytes));
        }
      }
    }
    shards.sort(Comparator.comparing(ShardInfo::file));
    removeOtherShards(dir, thisRun);

    List<DeadLetter> sortedLetters = new ArrayList<>(deadLetters);
    sortedLetters.sort(Comparator.comparing(DeadLetter::path).thenComparing(DeadLetter::stage).thenComparing(DeadLetter::reason));
    StringBuilder jsonl = new StringBuilder();
    Map<String, Long> byReason = new TreeMap<>();
    for (DeadLetter d : sortedLetters) {
      Map<String, String> line = new LinkedHashMap<>();
      line.put("path", d.path());
      line.put("reason", d.reason());
      line.put("stage", d.stage());
      line.put("detail", d.detail());
      jsonl.append(JSON_LINE.writeValueAsString(line)).append('\n');
      byReason.merge(d.reason(), 1L, Long::sum);
    }
    Storage.writeAtomically(dir.resolve(DEAD_LETTERS), jsonl.toString().getBytes(StandardCharsets.UTF_8));

    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.putAll(ctx.provenance());
    Map<String, Object> splits = new LinkedHashMap<>();
    long totalRecords = 0;
    for (Map.Entry<String, Integer> e : ctx.samplesListed().entrySet()) {
      String split = e.getKey();
      List<Map<String, Object>> files = new ArrayList<>();
      long records = 0;
      long bytes = 0;
      for (ShardInfo s : shards) {
        if (s.split().equals(split)) {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("file", s.file());
          f.put("records", s.records());
          f.put("bytes", s.bytes());
          files.add(f);
          records += s.records();
          bytes += s.bytes();
        }
      }
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("samples_listed", e.getValue());
      info.put("records", records);
      info.put("bytes", bytes);
      info.put("class_pixels", stats.classPixels(split, ctx.classes().size()));
      info.put("shards", files);
      splits.put(split, info);
      totalRecords += records;
    }
    manifest.put("splits", splits);
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("label_map", ctx.labelMap());
    labels.put("ignore", ctx.ignore());
    labels.put("classes", ctx.classes());
    manifest.put("labels", labels);
    Map<String, Object> weights = new LinkedHashMap<>();
    weights.put("formula", ClassWeights.FORMULA);
    weights.put("from_split", ctx.weightsSplit());
    weights.put("values", ClassWeights.medianFrequency(
        stats.classPixels(ctx.weightsSplit(), ctx.classes().size()),
        stats.presentImagePixels(ctx.weightsSplit(), ctx.classes().size())));
    manifest.put("class_weights", weights);
    Map<String, Long> unmapped = new LinkedHashMap<>();
    stats.unmapped().forEach((v, n) -> unmapped.put(String.valueOf(v), n));
    manifest.put("unmapped_values", unmapped);
    Map<String, Object> dead = new LinkedHashMap<>();
    dead.put("count", sortedLetters.size());
    dead.put("by_reason", byReason);
    dead.put("file", DEAD_LETTERS);
    manifest.put("dead_letters", dead);
    manifest.put("records_written", totalRecords);
    Storage.writeAtomically(dir.resolve(MANIFEST), JSON.writeValueAsBytes(manifest));

    int listed = ctx.samplesListed().values().stream().mapToInt(Integer::intValue).sum();
    return summary(totalRecords, listed, sortedLetters.size(), byReason);
  }

  /** "prepare: wrote N records from W of L samples; rejected R (reason: n, ...)". */
  public static String summary(long records, int listed, int rejected, Map<String, Long> byReason) {
    StringBuilder s = new StringBuilder("prepare: wrote ").append(records).append(" records from ")
        .append(listed - rejected).append(" of ").append(listed).append(" samples; rejected ").append(rejected);
    if (!byReason.isEmpty()) {
      s.append(" (");
      String sep = "";
      for (Map.Entry<String, Long> e : byReason.entrySet()) {
        s.append(sep).append(e.getKey()).append(": ").append(e.getValue());
        sep = ", ";
      }
      s.append(')');
    }
    return s.toString();
  }

  /**
   * Deletes shard files of earlier runs (another shard count, compression or split) that this
   * run's manifest will not list, so the folder holds one set; files not named like shards stay.
   */
  private static void removeOtherShards(Path dir, Set<String> thisRun) throws IOException {
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (ShardName.isShardName(name) && !thisRun.contains(name)) {
          stale.add(f);
        }
      }
    }
    for (Path f : stale) {
      Files.deleteIfExists(f);
    }
  }
}
