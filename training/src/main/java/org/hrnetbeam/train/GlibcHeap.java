package org.hrnetbeam.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Optional;

/**
 * glibc's allocator, tuned at run time through {@code mallopt} (JNA, which DL4J already ships).
 * ND4J's arrays outside its workspaces (the backward pass's per-vertex gradients) come from
 * {@code malloc}; glibc serves blocks below its mmap threshold from arenas that keep freed pages,
 * and by default that threshold grows to 32 MiB as large blocks are freed. This class lets a caller
 * fix it, as the {@code MALLOC_MMAP_THRESHOLD_} environment variable would before start-up.
 *
 * <p>{@link #load()} is empty where there is no glibc (another OS, or a Linux libc without
 * {@code gnu_get_libc_version}, said once on stderr): callers then keep the allocator's defaults.
 */
public final class GlibcHeap implements MallocSettings {
  /** glibc's {@code M_TRIM_THRESHOLD} (malloc.h). */
  private static final int M_TRIM_THRESHOLD = -1;
  /** glibc's {@code M_MMAP_THRESHOLD} (malloc.h). */
  private static final int M_MMAP_THRESHOLD = -3;
  /** glibc's largest mmap threshold on 64-bit, where the dynamic threshold stops growing. */
  public static final long MMAP_THRESHOLD_MAX = 32L << 20;

  private static final Optional<GlibcHeap> INSTANCE = open();

  private final Function mallopt;

  private GlibcHeap(NativeLibrary libc) {
    this.mallopt = libc.getFunction("mallopt");
    // gnu_get_libc_version exists only in glibc: musl also has mallopt, as a no-op.
    libc.getFunction("gnu_get_libc_version");
  }

  private static Optional<GlibcHeap> open() {
    if (!System.getProperty("os.name", "").startsWith("Linux")) {
      return Optional.empty();
    }
    try {
      return Optional.of(new GlibcHeap(NativeLibrary.getInstance("c")));
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      // Not fatal (training still runs), but large models then need the environment variables.
      System.err.println("hrnet: glibc's mallopt not reachable through JNA (" + e.getMessage()
          + "): train steps keep the C allocator's defaults; for large models set MALLOC_MMAP_THRESHOLD_=4194304");
      return Optional.empty();
    }
  }

  /** This process's glibc, or empty where there is none. */
  public static Optional<GlibcHeap> load() {
    return INSTANCE;
  }

  @Override
  public void setMmapThreshold(long bytes) {
    set(M_MMAP_THRESHOLD, "M_MMAP_THRESHOLD", bytes);
  }

  @Override
  public void setTrimThreshold(long bytes) {
    set(M_TRIM_THRESHOLD, "M_TRIM_THRESHOLD", bytes);
  }

  private void set(int param, String name, long value) {
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be in 0.." + Integer.MAX_VALUE + ", got " + value);
    }
    if (mallopt.invokeInt(new Object[]{param, (int) value}) != 1) {
      throw new IllegalStateException("glibc refused mallopt(" + name + ", " + value + ")");
    }
  }
}
