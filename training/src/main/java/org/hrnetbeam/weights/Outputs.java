package org.hrnetbeam.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a file completely or not at all, so a failed export never leaves a half file behind. */
final class Outputs {
  private Outputs() {}

  /** What writes the file's bytes. */
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  static void writeOrDelete(Path file, Body body) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      body.writeTo(out);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
