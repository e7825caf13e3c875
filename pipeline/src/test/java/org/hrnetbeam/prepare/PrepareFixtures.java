package org.hrnetbeam.prepare;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;

/** A few real CamVid pairs copied into a temporary dataset root, and configs pointing at it. */
public final class PrepareFixtures {
  private PrepareFixtures() {}

  /** The shared CamVid folder; skips the test when ../shared is absent. */
  public static Path camvid() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/camvid");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "skipped: ../shared/data/camvid not found above " + Paths.get("").toAbsolutePath());
    return null;
  }

  /** The repository's conf/ folder. */
  public static Path conf() {
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("conf/camvid"))) {
        return dir.resolve("conf");
      }
    }
    throw new IllegalStateException("conf/camvid not found above " + Paths.get("").toAbsolutePath());
  }

  /**
   * Copies the first {@code train} and {@code val} pairs of CamVid's lists (and the lists, cut to
   * them) under {@code root}; skips the test when ../shared is absent.
   */
  public static void copySubset(Path root, int train, int val) throws IOException {
    Path camvid = camvid();
    copyList(camvid, root, "train.txt", train);
    copyList(camvid, root, "val.txt", val);
  }

  private static void copyList(Path camvid, Path root, String list, int count) throws IOException {
    List<String> lines = Files.readAllLines(camvid.resolve(list)).subList(0, count);
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      for (String file : line.split("\\s+")) {
        Path target = root.resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(camvid.resolve(file), target);
      }
      kept.add(line);
    }
    Files.write(root.resolve(list), kept);
  }

  /** The CamVid experiment with its root, shard folder and extra overrides. */
  static ExperimentConfig config(Path root, Path shards, String... overrides) {
    List<String> all = new ArrayList<>(List.of("DATASET.ROOT", root.toString(), "PIPELINE.SHARD_DIR", shards.toString()));
    all.addAll(List.of(overrides));
    return ExperimentConfig.load(conf().resolve("camvid/seg_hrnet_w18_small_v1_camvid.yaml"), all);
  }
}
