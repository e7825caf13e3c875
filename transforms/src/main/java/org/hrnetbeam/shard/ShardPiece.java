package org.hrnetbeam.shard;

import java.io.Serializable;
import java.util.List;

/**
 * Where some records of one shard wait to be merged into it: a piece file ({@link ShardPieces})
 * holding the serialized Examples back to back, with each one's sort key and length in file order.
 *
 * @param location the piece file, local path or gs:// URI
 * @param sortKeys each record's key inside its shard (sample id, then zero-padded copy)
 * @param lengths each record's length in bytes
 */
public record ShardPiece(String location, List<String> sortKeys, int[] lengths) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ShardPiece {
    if (sortKeys.size() != lengths.length) {
      throw new IllegalArgumentException("piece " + location + ": " + sortKeys.size() + " sort keys but "
          + lengths.length + " lengths");
    }
    sortKeys = List.copyOf(sortKeys);
  }
}
