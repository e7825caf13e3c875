package org.hrnetbeam.weights;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.hrnetbeam.config.KeySuggester;

/**
 * Named tensors in insertion order, like a PyTorch {@code state_dict}: the order is the model's
 * parameter order and is kept through every read and write so exports diff cleanly.
 */
public final class StateDict {
  private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();

  /** Adds or replaces a tensor; a replaced name keeps its original position. */
  public StateDict put(String name, Tensor tensor) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("tensor name must be non-empty");
    }
    if (tensor == null) {
      throw new IllegalArgumentException("tensor '" + name + "' is null");
    }
    tensors.put(name, tensor);
    return this;
  }

  /**
   * The tensor called {@code name}.
   *
   * @throws IllegalArgumentException naming the missing key and the closest present one
   */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor named '" + name + "' among " + tensors.size()
          + " tensors" + closestHint(name));
    }
    return t;
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /** Names in insertion order (unmodifiable). */
  public List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(tensors.keySet()));
  }

  public int size() {
    return tensors.size();
  }

  public boolean isEmpty() {
    return tensors.isEmpty();
  }

  /** Name → tensor in insertion order (unmodifiable view). */
  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  /**
   * A copy in which names starting with {@code prefix} lose it and all other names stay as they
   * are, e.g. {@code stripPrefix("model.")} on a training checkpoint.
   *
   * @throws IllegalArgumentException when stripping makes two names collide
   */
  public StateDict stripPrefix(String prefix) {
    StateDict out = new StateDict();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
      if (out.contains(name)) {
        throw new IllegalArgumentException("stripping '" + prefix + "' from '" + e.getKey()
            + "' collides with an existing tensor '" + name + "'");
      }
      out.put(name, e.getValue());
    }
    return out;
  }

  /** A copy holding only the entries whose name passes {@code keep}, in the same order. */
  public StateDict filter(Predicate<String> keep) {
    StateDict out = new StateDict();
    tensors.forEach((k, v) -> {
      if (keep.test(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * A copy in which every BatchNorm (an {@code X.running_var} entry) that lacks
   * {@code X.num_batches_tracked} gets one, an int64 scalar {@code count}, placed right after
   * {@code running_var} as PyTorch orders it. NumPy exports (such as the parity {@code .npz}) and
   * frameworks without the counter leave it out, and {@code load_state_dict(strict=True)} then
   * fails on the missing keys; with BN momentum set, PyTorch never reads the value.
   */
  public StateDict withBatchNormCounters(long count) {
    StateDict out = new StateDict();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      out.put(e.getKey(), e.getValue());
      if (e.getKey().endsWith(".running_var")) {
        String counter = e.getKey().substring(0, e.getKey().length() - "running_var".length()) + "num_batches_tracked";
        if (!tensors.containsKey(counter)) {
          out.put(counter, Tensor.ofLongs(new long[0], new long[] {count}));
        }
      }
    }
    return out;
  }

  /** Same names in the same order with bit-identical tensors. */
  @Override
  public boolean equals(Object o) {
    return o instanceof StateDict
        && new ArrayList<>(tensors.entrySet()).equals(new ArrayList<>(((StateDict) o).tensors.entrySet()));
  }

  @Override
  public int hashCode() {
    return tensors.hashCode();
  }

  @Override
  public String toString() {
    return "StateDict(" + tensors.size() + " tensors)";
  }

  private String closestHint(String name) {
    String best = KeySuggester.nearest(name, tensors.keySet());
    return best == null ? "" : "; closest is '" + best + "'";
  }
}
