package org.hrnetbeam.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.hrnetbeam.shard.ManifestWriter;
import org.hrnetbeam.storage.Storage;

/**
 * What a finished run produced, read back from its manifest.json.
 *
 * @param listed samples the layout listed (all splits)
 * @param records shard records written
 * @param rejected samples sent to the dead letters
 * @param rejectedByReason reason → samples
 */
public record PrepareOutcome(int listed, long records, int rejected, Map<String, Long> rejectedByReason) {

  public static PrepareOutcome read(String shardDir) throws IOException {
    JsonNode m = new ObjectMapper().readTree(Storage.readAllBytes(Storage.path(shardDir).resolve(ManifestWriter.MANIFEST)));
    int listed = 0;
    for (Iterator<JsonNode> it = m.get("splits").elements(); it.hasNext(); ) {
      listed += it.next().get("samples_listed").asInt();
    }
    Map<String, Long> byReason = new TreeMap<>();
    m.get("dead_letters").get("by_reason").fields().forEachRemaining(e -> byReason.put(e.getKey(), e.getValue().asLong()));
    return new PrepareOutcome(listed, m.get("records_written").asLong(), m.get("dead_letters").get("count").asInt(), byReason);
  }

  /** The run's summary line: written, rejected per reason. */
  public String summary() {
    return ManifestWriter.summary(records, listed, rejected, rejectedByReason);
  }

  /** Exit status: 1 when every sample was rejected, or when strict and any was. */
  public int exitCode(boolean strict) {
    if (listed > 0 && rejected >= listed) {
      return 1;
    }
    return strict && rejected > 0 ? 1 : 0;
  }
}
