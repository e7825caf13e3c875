package org.hrnetbeam.train;

import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * Keeps a large model's train steps within its memory by default: while a step of a batch whose
 * activations reach {@link #LARGE_STEP_BYTES} runs, glibc's mmap threshold is fixed at
 * {@link #STEP_MMAP_THRESHOLD}, so every array of 4 MiB or more is its own mapping, unmapped when
 * ND4J frees it, instead of a block of an arena that keeps its pages.
 *
 * <p>Why only during large steps: with glibc's defaults W48 at 512×1024, batch 2, peaked at
 * 11.3 GiB of RSS, of which about 3.5 GiB were free blocks held by one arena (malloc_stats after a
 * step: 3.3–3.5 GB of arena, 43 MB in use); with the 4 MiB threshold it peaks at 8.2–8.6 GiB at the
 * same step time. Small models lose 14–22% of their step time with it (a fresh mapping and its
 * page faults for every array above 4 MiB, where their arithmetic is cheap), and inference passes
 * lose even on W48 (forward 4.9 → 6.8 s), so outside large steps the threshold is set back to
 * glibc's 32 MiB ceiling, which is where the dynamic threshold settles after the first large frees.
 *
 * <p>{@code -Dhrnet.stepHeap=auto} (default) applies it to large steps only, {@code on} to every
 * step, {@code off} never (for A/B measurements). A no-op without glibc, and where the environment
 * already sets {@code MALLOC_MMAP_THRESHOLD_}.
 */
public final class TrainStepHeap {
  /** Vertex outputs of one batch (float32, as DL4J keeps them for the backward pass) from which a step is large. */
  public static final long LARGE_STEP_BYTES = 4L << 30;
  /** mmap threshold during a large step (the lead's measurement: 1 MiB slows W48, 8 MiB leaves 10 GiB). */
  public static final long STEP_MMAP_THRESHOLD = 4L << 20;
  /** glibc's dynamic trim threshold at the 32 MiB mmap threshold (twice it). */
  private static final long SETTLED_TRIM_THRESHOLD = 2 * GlibcHeap.MMAP_THRESHOLD_MAX;

  private static final Object LOCK = new Object();
  /** Large steps running now in this process (Beam may run several workers in one JVM). */
  private static int open;

  private TrainStepHeap() {
  }

  /** What {@code -Dhrnet.stepHeap} asks for. */
  enum Mode { AUTO, ON, OFF }

  static Mode mode() {
    String value = System.getProperty("hrnet.stepHeap", "auto");
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-Dhrnet.stepHeap must be auto, on or off, got '" + value + "'", e);
    }
  }

  /** Float32 bytes of every vertex output of the graph for one batch of {@code inputShape} (NCHW). */
  public static long activationBytes(ComputationGraphConfiguration conf, long[] inputShape) {
    if (inputShape.length != 4) {
      throw new IllegalArgumentException("expected an NCHW input shape, got rank " + inputShape.length);
    }
    Map<String, InputType> types = conf.getLayerActivationTypes(
        InputType.convolutional(inputShape[2], inputShape[3], inputShape[1]));
    long perExample = 0;
    for (InputType type : types.values()) {
      perExample += type.arrayElementsPerExample();
    }
    return 4L * inputShape[0] * perExample;
  }

  /**
   * Whether a step whose vertex outputs take {@code activationBytes} gets the step threshold. Never
   * where {@code MALLOC_MMAP_THRESHOLD_} is set in the environment: the user's choice stands.
   */
  public static boolean isLarge(long activationBytes) {
    Mode mode = mode();
    if (System.getenv("MALLOC_MMAP_THRESHOLD_") != null) {
      return false;
    }
    return switch (mode) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> activationBytes >= LARGE_STEP_BYTES;
    };
  }

  /**
   * Opens a step: with {@code large}, fixes the step threshold until the last open large step
   * closes. Use with try-with-resources around the forward and backward passes.
   */
  public static Step enter(boolean large) {
    return GlibcHeap.load().map(heap -> enter(large, heap)).orElse(() -> { });
  }

  /** {@link #enter(boolean)} on a given allocator (tests pass a recording one). */
  static Step enter(boolean large, MallocSettings heap) {
    if (!large) {
      return () -> { };
    }
    synchronized (LOCK) {
      if (open++ == 0) {
        heap.setMmapThreshold(STEP_MMAP_THRESHOLD);
      }
    }
    return () -> {
      synchronized (LOCK) {
        if (--open == 0) {
          heap.setMmapThreshold(GlibcHeap.MMAP_THRESHOLD_MAX);
          heap.setTrimThreshold(SETTLED_TRIM_THRESHOLD);
        }
      }
    };
  }

  /** A running step; closing it restores the threshold when no other large step is open. */
  @FunctionalInterface
  public interface Step extends AutoCloseable {
    @Override
    void close();
  }
}
