package org.hrnetbeam.evaluate;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.SortedSet;
import java.util.TreeSet;
import org.hrnetbeam.metrics.ConfusionMatrix;

/**
 * The accumulator of the evaluation: the summed confusion matrix and the ids of the images in it.
 * Both are sums (of counts, of sets), so the result is the same in any order, on any runner. An
 * image counted twice is an error: it would mean overlapping shards.
 */
public final class EvaluationTally implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ConfusionMatrix confusion;
  private final TreeSet<String> sampleIds;

  public EvaluationTally(ConfusionMatrix confusion, SortedSet<String> sampleIds) {
    this.confusion = confusion;
    this.sampleIds = new TreeSet<>(sampleIds);
  }

  public static EvaluationTally empty(int numClasses, int ignoreLabel) {
    return new EvaluationTally(new ConfusionMatrix(numClasses, ignoreLabel), new TreeSet<>());
  }

  public EvaluationTally add(ImageScore score) {
    if (!sampleIds.add(score.sampleId())) {
      throw new IllegalArgumentException("val image " + score.sampleId() + " was evaluated twice (duplicate records?)");
    }
    confusion.merge(score.confusion());
    return this;
  }

  public EvaluationTally merge(EvaluationTally other) {
    for (String id : other.sampleIds) {
      if (!sampleIds.add(id)) {
        throw new IllegalArgumentException("val image " + id + " was evaluated twice (duplicate records?)");
      }
    }
    confusion.merge(other.confusion);
    return this;
  }

  /** Equal counts and ids; Beam's DirectRunner compares encoded and decoded values by this. */
  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluationTally t && t.confusion.equals(confusion) && t.sampleIds.equals(sampleIds);
  }

  @Override
  public int hashCode() {
    return 31 * confusion.hashCode() + sampleIds.hashCode();
  }

  public ConfusionMatrix confusion() {
    return confusion;
  }

  public SortedSet<String> sampleIds() {
    return Collections.unmodifiableSortedSet(sampleIds);
  }

  public int images() {
    return sampleIds.size();
  }

  /**
   * The identity of the val set: SHA-256 over the label map, the class count and the sorted ids of
   * the images evaluated. Two evaluations are comparable only when it is equal.
   */
  public String valSetHash(String labelMap) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((labelMap + "\t" + confusion.numClasses() + "\n").getBytes(StandardCharsets.UTF_8));
      for (String id : sampleIds) {
        sha.update((id + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
