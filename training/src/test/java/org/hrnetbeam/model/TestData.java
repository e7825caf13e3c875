package org.hrnetbeam.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared} (a sibling of the repository) by walking up from the working directory. */
final class TestData {
  private TestData() {
  }

  static Path parityFixture() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("fixtures").resolve("hrnet-parity");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    Assumptions.assumeTrue(false, "shared/fixtures/hrnet-parity not found above " + Paths.get("").toAbsolutePath()
        + "; skipping the parity test");
    return null;
  }
}
