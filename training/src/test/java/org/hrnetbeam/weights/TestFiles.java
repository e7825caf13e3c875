package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates golden files in test resources and the shared parity fixtures beside the repository. */
final class TestFiles {
  private TestFiles() {}

  /** A golden file under {@code src/test/resources/weights/}. */
  static Path golden(String name) {
    try {
      var url = TestFiles.class.getResource("/weights/" + name);
      if (url == null) {
        throw new IllegalStateException("missing test resource weights/" + name);
      }
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A file of {@code shared/fixtures/hrnet-parity}, found by walking up from the working directory
   * until a {@code shared} folder appears; skips the calling test when there is none.
   */
  static Path parity(String name) {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("fixtures").resolve("hrnet-parity");
      if (Files.isDirectory(candidate)) {
        Path file = candidate.resolve(name);
        assumeTrue(Files.exists(file), "parity fixture " + file + " is absent; skipping");
        return file;
      }
      dir = dir.getParent();
    }
    assumeTrue(false, "no shared/fixtures/hrnet-parity above " + Paths.get("").toAbsolutePath() + "; skipping");
    throw new AssertionError("unreachable");
  }
}
