package org.hrnetbeam.shard;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What the manifest needs besides the pipeline's results, fixed when the pipeline is built.
 *
 * @param shardDir the shard folder (local or gs://); manifest.json and deadletter.jsonl go there
 * @param numShards files per split
 * @param gzip whether shards are gzipped
 * @param samplesListed per split (in write order) the number of samples the layout listed
 * @param labelMap the label map's name
 * @param ignore the train id of ignored pixels
 * @param classes class names, index = train id
 * @param weightsSplit the split whose histogram gives the class weights (train)
 * @param provenance how the shards were made: config hash, seed, input list hash, versions, git
 *     commit, time, settings (string keys, JSON-compatible values)
 */
public record ManifestContext(String shardDir, int numShards, boolean gzip, LinkedHashMap<String, Integer> samplesListed,
    String labelMap, int ignore, List<String> classes, String weightsSplit, LinkedHashMap<String, Object> provenance)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ManifestContext {
    classes = List.copyOf(classes);
  }
}
