package org.hrnetbeam.inference;

/**
 * Picks the {@link ExpRowKernel} evaluation uses, once per JVM: the Vector API one when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (its exp loop is about 8× faster than
 * the scalar one with AVX-512, and multi-scale evaluation's post-processing takes about half the CPU
 * time; docs/PERFORMANCE.md, "Evaluation stage"), else the scalar one. Both give the same floats, so
 * this changes speed only. {@code -Dhrnet.vectorExp=false} forces the scalar kernel (for A/B
 * measurements under the same JVM flags).
 */
public final class ExpRows {
  static final String MODULE = "jdk.incubator.vector";
  private static final ExpRowKernel KERNEL = choose();

  private ExpRows() {
  }

  static ExpRowKernel kernel() {
    return KERNEL;
  }

  /** Which kernel runs in this JVM, for benchmark output: "scalar" or "vector N-bit". */
  public static String kernelName() {
    return KERNEL.name();
  }

  /** The vector kernel if this JVM has the module, else null. */
  static ExpRowKernel vectorKernelOrNull() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return null;
    }
    try {
      // By name, so that without the module no class that links against it is ever loaded.
      return (ExpRowKernel) Class.forName(ExpRows.class.getPackageName() + ".VectorExpRows")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(MODULE + " is present but its kernel does not load", e);
    }
  }

  private static ExpRowKernel choose() {
    if (!Boolean.parseBoolean(System.getProperty("hrnet.vectorExp", "true"))) {
      return new ScalarExpRows();
    }
    ExpRowKernel vector = vectorKernelOrNull();
    return vector != null ? vector : new ScalarExpRows();
  }
}
