package org.hrnetbeam.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.augment.RecordMaker;
import org.hrnetbeam.ingest.Split;
import org.hrnetbeam.shard.ManifestWriter;
import org.hrnetbeam.storage.Storage;

/**
 * What training needs from a shard folder's {@code manifest.json} (written by the prepare stage):
 * the shard files of each split, whether they are GZIP-compressed, how many augmented copies each
 * training image has, and the label value that means "ignore".
 *
 * @param dir the shard folder (local or gs://)
 * @param gzip whether the shards are GZIP-compressed (settings.compression)
 * @param augmentCopies records per image in augmented splits (settings.augment_copies)
 * @param ignoreLabel the label value of ignored pixels in the shards (labels.ignore)
 * @param numClasses classes in the label map
 * @param root the parsed manifest, for anything else
 */
public record ShardManifest(Path dir, boolean gzip, int augmentCopies, int ignoreLabel, int numClasses, JsonNode root) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code <shardDir>/manifest.json}; errors name the file and the missing or bad entry. */
  public static ShardManifest read(Path shardDir) throws IOException {
    Path file = shardDir.resolve(ManifestWriter.MANIFEST);
    String where = Storage.location(file);
    JsonNode root;
    try {
      root = JSON.readTree(Storage.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException("could not read shard manifest " + where + " (run the prepare stage first?): " + e.getMessage(), e);
    }
    String format = root.path("format").asText("");
    if (!ManifestWriter.FORMAT.equals(format)) {
      throw new IOException(where + ": format is '" + format + "', expected '" + ManifestWriter.FORMAT + "'");
    }
    String compression = required(root, "settings", "compression", where).asText();
    if (!compression.equals("gzip") && !compression.equals("none")) {
      throw new IOException(where + ": settings.compression is '" + compression + "', expected gzip or none");
    }
    int copies = required(root, "settings", "augment_copies", where).asInt();
    if (copies < 1) {
      throw new IOException(where + ": settings.augment_copies is " + copies + ", expected >= 1");
    }
    int ignore = required(root, "labels", "ignore", where).asInt();
    int classes = required(root, "labels", "classes", where).size();
    required(root, "splits", null, where);
    return new ShardManifest(shardDir, compression.equals("gzip"), copies, ignore, classes, root);
  }

  /** Whether the manifest has this split (train, val or extra). */
  public boolean hasSplit(String split) {
    return root.path("splits").has(split);
  }

  /** The split's shard files in name order; empty shards included (they read as no records). */
  public List<Path> shards(String split) {
    List<Path> files = new ArrayList<>();
    for (JsonNode shard : splitNode(split).path("shards")) {
      files.add(dir.resolve(shard.path("file").asText()));
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(location() + ": split '" + split + "' lists no shard files");
    }
    return files;
  }

  /** Records written for the split. */
  public long records(String split) {
    return splitNode(split).path("records").asLong();
  }

  /** Records per image: {@link #augmentCopies()} for train and extra, 1 for val. */
  public int copiesOf(String split) {
    return RecordMaker.copiesOf(Split.fromPrefix(split), augmentCopies);
  }

  /**
   * Distinct images in the split (records ÷ copies): the N of the reference's
   * {@code epoch_iters = N / (batch × workers)}.
   */
  public long samples(String split) {
    return records(split) / copiesOf(split);
  }

  private JsonNode splitNode(String split) {
    JsonNode node = root.path("splits").path(split);
    if (node.isMissingNode()) {
      List<String> have = new ArrayList<>();
      root.path("splits").fieldNames().forEachRemaining(have::add);
      throw new IllegalArgumentException(location() + " has no split '" + split + "'; it has " + have);
    }
    return node;
  }

  private String location() {
    return Storage.location(dir.resolve(ManifestWriter.MANIFEST));
  }

  private static JsonNode required(JsonNode root, String section, String key, String where) throws IOException {
    JsonNode node = root.path(section);
    if (key != null) {
      node = node.path(key);
    }
    if (node.isMissingNode() || node.isNull()) {
      throw new IOException(where + ": missing " + section + (key == null ? "" : "." + key));
    }
    return node;
  }
}
