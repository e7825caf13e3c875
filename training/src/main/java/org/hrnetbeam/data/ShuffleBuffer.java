package org.hrnetbeam.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A bounded shuffle, as tf.data's {@code shuffle(buffer_size)}: the first {@code capacity} items
 * fill the buffer; from then on each new item replaces a uniformly drawn buffered one, which is
 * emitted. At the end the rest leaves in random order. An item moves at most about
 * {@code capacity} places from its input position, so the shard order (shuffled separately) does
 * the long-range mixing. The same random source gives the same order.
 */
final class ShuffleBuffer<T> {
  private final int capacity;
  private final SplittableRandom random;
  private final List<T> items;

  ShuffleBuffer(int capacity, SplittableRandom random) {
    if (capacity < 1) {
      throw new IllegalArgumentException("shuffle buffer capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.random = random;
    this.items = new ArrayList<>(Math.min(capacity, 1024));
  }

  /** Adds {@code item}; returns the item that leaves, or null while the buffer is filling. */
  T offer(T item) {
    if (items.size() < capacity) {
      items.add(item);
      return null;
    }
    int i = random.nextInt(capacity);
    T out = items.get(i);
    items.set(i, item);
    return out;
  }

  /** Takes one remaining item at random after the input has ended; null when empty. */
  T drain() {
    if (items.isEmpty()) {
      return null;
    }
    int i = random.nextInt(items.size());
    T out = items.get(i);
    T last = items.remove(items.size() - 1);
    if (i < items.size()) {
      items.set(i, last);
    }
    return out;
  }

  int size() {
    return items.size();
  }
}
