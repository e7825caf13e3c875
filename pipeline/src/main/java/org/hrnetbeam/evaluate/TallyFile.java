package org.hrnetbeam.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.hrnetbeam.metrics.ConfusionMatrix;
import org.hrnetbeam.storage.Storage;

/**
 * {@code confusion.json}: the summed confusion matrix ({@code [gt][pred]}), the ids of the images it
 * counts and the val set's hash. The pipeline writes it; the launcher reads it back for the metrics,
 * so the numbers never travel through anything but this file.
 */
public final class TallyFile {
  public static final String NAME = "confusion.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TallyFile() {}

  public static void write(Path file, EvaluationTally tally, String labelMap) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("images", tally.images());
    root.put("num_classes", tally.confusion().numClasses());
    root.put("ignore_label", tally.confusion().ignoreLabel());
    root.put("label_map", labelMap);
    root.put("val_set_sha256", tally.valSetHash(labelMap));
    root.put("confusion", tally.confusion().toArray());
    root.put("sample_ids", new ArrayList<>(tally.sampleIds()));
    Storage.writeAtomically(file, JSON.writeValueAsBytes(root));
  }

  public static EvaluationTally read(Path file) throws IOException {
    String where = Storage.location(file);
    JsonNode root = JSON.readTree(Storage.readAllBytes(file));
    JsonNode rows = root.path("confusion");
    if (!rows.isArray() || rows.isEmpty()) {
      throw new IOException(where + ": missing or empty 'confusion'");
    }
    long[][] counts = new long[rows.size()][];
    for (int g = 0; g < rows.size(); g++) {
      JsonNode row = rows.get(g);
      counts[g] = new long[row.size()];
      for (int p = 0; p < row.size(); p++) {
        counts[g][p] = row.get(p).asLong();
      }
    }
    TreeSet<String> ids = new TreeSet<>();
    root.path("sample_ids").forEach(id -> ids.add(id.asText()));
    try {
      return new EvaluationTally(ConfusionMatrix.of(counts, root.path("ignore_label").asInt()), ids);
    } catch (IllegalArgumentException e) {
      throw new IOException(where + ": " + e.getMessage(), e);
    }
  }

}
