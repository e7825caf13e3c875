package org.hrnetbeam.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hrnetbeam.config.ExperimentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
  @TempDir Path dir;

  @Test
  void recordsConfigHashSeedAndLibraryVersions() {
    ExperimentConfig config = ExperimentConfig.defaults();
    Provenance p = Provenance.of(config, 304);
    assertEquals(config.hash(), p.configHash());
    assertEquals(304, p.seed());
    assertEquals("2.70.0", p.libraries().get("beam-sdks-java-core"));
    assertTrue(p.toMap().containsKey("git_commit"));
  }

  @Test
  void readsTheCommitFromLooseAndPackedRefs() throws Exception {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve(".git/refs/heads"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(repo.resolve(".git/refs/heads/main"), "0123456789abcdef0123456789abcdef01234567\n");
    Files.createDirectories(repo.resolve("sub/dir"));
    assertEquals("0123456789abcdef0123456789abcdef01234567", Provenance.gitCommit(repo.resolve("sub/dir")));

    Files.delete(repo.resolve(".git/refs/heads/main"));
    Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs\nfedcba9876543210fedcba9876543210fedcba98 refs/heads/main\n");
    assertEquals("fedcba9876543210fedcba9876543210fedcba98", Provenance.gitCommit(repo));
  }

  @Test
  void outsideARepositoryTheCommitIsUnknown() {
    assertEquals("unknown", Provenance.gitCommit(Path.of("/")));
  }
}
