package org.hrnetbeam.refcheck;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the repository's own files and the shared test data beside the repository. */
final class SharedFiles {
  private SharedFiles() {
  }

  /**
   * {@code shared/<relative>} from the nearest folder above the working directory that has it;
   * skips the calling test, saying which file was missing, when there is none.
   */
  static Path require(String relative) {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "skipped: ../shared/" + relative + " not found above " + Paths.get("").toAbsolutePath());
    return null;
  }

  /** A file of this repository (e.g. {@code conf/camvid/...yaml}), found above the working directory. */
  static Path repoFile(String relative) {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("conf")) && Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + Paths.get("").toAbsolutePath());
  }
}
