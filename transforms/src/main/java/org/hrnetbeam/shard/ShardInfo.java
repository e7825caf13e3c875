package org.hrnetbeam.shard;

import java.io.Serializable;

/**
 * A written shard file, for the manifest.
 *
 * @param split train, val or extra
 * @param file the file name, relative to the shard folder
 * @param records tf.train.Example records in it
 * @param bytes the file's size
 */
public record ShardInfo(String split, String file, long records, long bytes) implements Serializable {
  private static final long serialVersionUID = 1L;
}
