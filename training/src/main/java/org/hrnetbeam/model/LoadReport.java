package org.hrnetbeam.model;

import java.util.List;

/**
 * What happened when a checkpoint was bound to a network, as the reference's {@code init_weights}
 * does it (keys that match by name and shape load; the rest stay as initialised) but never silently.
 *
 * @param loaded             graph tensors filled from the checkpoint
 * @param notInCheckpoint    graph tensors the checkpoint lacks (they keep their initial values)
 * @param shapeMismatch      names present in both with different shapes, e.g. {@code last_layer.3.weight [19,…] vs [150,…]}
 * @param unusedInCheckpoint checkpoint tensors with no graph counterpart (an ImageNet classifier head, …)
 * @param ignoredCounters    {@code num_batches_tracked} entries: PyTorch's BN counters, unused with a set momentum
 */
public record LoadReport(int loaded, List<String> notInCheckpoint, List<String> shapeMismatch,
             List<String> unusedInCheckpoint, int ignoredCounters) {

  private static final int SHOWN = 5;

  public LoadReport {
    notInCheckpoint = List.copyOf(notInCheckpoint);
    shapeMismatch = List.copyOf(shapeMismatch);
    unusedInCheckpoint = List.copyOf(unusedInCheckpoint);
  }

  /** True when every graph tensor was loaded and nothing in the checkpoint went unused. */
  public boolean complete() {
    return notInCheckpoint.isEmpty() && shapeMismatch.isEmpty() && unusedInCheckpoint.isEmpty();
  }

  /** One line per category with a count and the first names, for logs and the CLI. */
  public String summary() {
    return "loaded " + loaded + " tensors"
        + part("left as initialised (not in checkpoint)", notInCheckpoint)
        + part("left as initialised (shape differs)", shapeMismatch)
        + part("unused checkpoint entries", unusedInCheckpoint)
        + (ignoredCounters > 0 ? "; ignored " + ignoredCounters + " num_batches_tracked" : "");
  }

  private static String part(String label, List<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    return "; " + label + ": " + names.size() + " " + names.subList(0, Math.min(SHOWN, names.size()))
        + (names.size() > SHOWN ? " …" : "");
  }
}
