package org.hrnetbeam.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Finds {@code shared/<relative>} beside the repository by walking up; skips the test when absent. */
final class SharedData {
  private SharedData() {
  }

  static Path require(String relative) {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    Assumptions.assumeTrue(false, "shared/" + relative + " not found above " + Paths.get("").toAbsolutePath()
        + "; skipping");
    return null;
  }
}
