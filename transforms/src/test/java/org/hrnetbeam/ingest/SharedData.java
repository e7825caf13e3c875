package org.hrnetbeam.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds ../shared/data beside the repository (walking up from the working directory). */
public final class SharedData {
  private SharedData() {}

  /** The named data set folder; skips the calling test with a message when it is absent. */
  public static Path dataset(String name) {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve(name);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "skipped: ../shared/data/" + name + " not found above " + Paths.get("").toAbsolutePath());
    return null;
  }
}
