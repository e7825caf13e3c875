package org.hrnetbeam.shard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.KV;
import org.hrnetbeam.storage.Storage;

/**
 * Collects one bundle's records by shard and writes each shard's share as one piece file
 * ({@link ShardPieces}). A DoFn makes one at the start of a bundle, {@link #add}s its keyed records
 * and calls {@link #writePieces} when the bundle finishes; only the pieces' descriptions go on.
 */
public final class PieceStager {
  private final String shardDir;
  private final Map<String, List<KeyedExample>> byShard = new TreeMap<>();

  /** @param shardDir folder of the shards, local or gs:// (the pieces go to its {@value ShardPieces#FOLDER}) */
  public PieceStager(String shardDir) {
    this.shardDir = shardDir;
  }

  /** Adds a record keyed by {@link WriteShards#assign}. */
  public void add(KV<String, KeyedExample> record) {
    byShard.computeIfAbsent(record.getKey(), k -> new ArrayList<>()).add(record.getValue());
  }

  /** Writes one piece per shard seen since the last call, in shard order, and forgets the records. */
  public List<KV<String, ShardPiece>> writePieces() throws IOException {
    List<KV<String, ShardPiece>> pieces = new ArrayList<>(byShard.size());
    for (Map.Entry<String, List<KeyedExample>> shard : byShard.entrySet()) {
      pieces.add(KV.of(shard.getKey(), ShardPieces.write(Storage.path(shardDir), shard.getKey(), shard.getValue())));
    }
    byShard.clear();
    return pieces;
  }
}
