package org.hrnetbeam.model.ownstep;

/**
 * Picks the {@link PixelKernel} once per JVM: the Vector API one when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (as the launcher and the tests start it), else the
 * scalar one. Both give the same bits. {@code -Dhrnet.vectorPixels=false} forces the scalar kernel
 * (for A/B runs under the same JVM flags).
 */
final class PixelKernels {
  private static final String MODULE = "jdk.incubator.vector";
  private static final PixelKernel KERNEL = choose();

  private PixelKernels() {
  }

  static PixelKernel kernel() {
    return KERNEL;
  }

  /** The vector kernel if this JVM has the module, else null. */
  static PixelKernel vectorOrNull() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return null;
    }
    try {
      // By name: without the module, no class that links against it is loaded.
      return (PixelKernel) Class.forName(PixelKernels.class.getPackageName() + ".VectorPixelKernel")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException(MODULE + " is present but the vector pixel kernel does not load", e);
    }
  }

  private static PixelKernel choose() {
    if (!Boolean.parseBoolean(System.getProperty("hrnet.vectorPixels", "true"))) {
      return new ScalarPixelKernel();
    }
    PixelKernel vector = vectorOrNull();
    return vector != null ? vector : new ScalarPixelKernel();
  }
}
