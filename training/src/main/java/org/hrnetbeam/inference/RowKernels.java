package org.hrnetbeam.inference;

/**
 * Picks the {@link RowKernel} evaluation uses, once per JVM: the Vector API one when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (with AVX-512 its exp loop is 6–9× and
 * its resize rows about 5× faster than the scalar loops; docs/PERFORMANCE.md, "Evaluation stage"),
 * else the scalar one. Both give the same floats, so
 * this changes speed only. {@code -Dhrnet.vectorRows=false} forces the scalar kernel (for A/B
 * measurements under the same JVM flags).
 */
public final class RowKernels {
  static final String MODULE = "jdk.incubator.vector";
  private static final RowKernel KERNEL = choose();

  private RowKernels() {
  }

  static RowKernel kernel() {
    return KERNEL;
  }

  /** Which kernel runs in this JVM, for benchmark output: "scalar" or "vector N-bit". */
  public static String kernelName() {
    return KERNEL.name();
  }

  /** The vector kernel if this JVM has the module, else null. */
  static RowKernel vectorKernelOrNull() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return null;
    }
    try {
      // By name, so that without the module no class that links against it is ever loaded.
      return (RowKernel) Class.forName(RowKernels.class.getPackageName() + ".VectorRowKernel")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(MODULE + " is present but its kernel does not load", e);
    }
  }

  private static RowKernel choose() {
    if (!Boolean.parseBoolean(System.getProperty("hrnet.vectorRows", "true"))) {
      return new ScalarRowKernel();
    }
    RowKernel vector = vectorKernelOrNull();
    return vector != null ? vector : new ScalarRowKernel();
  }
}
