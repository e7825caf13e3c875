package org.hrnetbeam.train;

/** The two settings of the C allocator that a train step changes ({@link TrainStepHeap}). */
public interface MallocSettings {
  /**
   * Blocks of at least {@code bytes} that the arenas' free memory cannot serve get their own
   * mapping, returned to the system when freed (blocks that fit a free arena chunk still reuse it).
   * Fixing it also stops glibc's dynamic growth of the threshold for the rest of the process.
   */
  void setMmapThreshold(long bytes);

  /** Free memory above this many bytes at an arena's top is given back to the system. */
  void setTrimThreshold(long bytes);
}
