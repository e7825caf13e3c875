package org.hrnetbeam.provenance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.hrnetbeam.config.ExperimentConfig;

/**
 * How an artifact was made: the resolved config and its hash, the seed, the library versions
 * that shape results, the git commit of this checkout and the time. Every artifact (manifest,
 * checkpoint, model, metrics) embeds one, so a result can always be traced and redone.
 *
 * @param configHash SHA-256 of the resolved config YAML
 * @param configName the config file name without extension
 * @param seed the run's seed
 * @param libraries artifact → version, for the libraries on the classpath that shape results
 * @param gitCommit the commit of the checkout the command ran from, or "unknown"
 * @param createdAt when the artifact was made (UTC, ISO-8601)
 */
public record Provenance(
    String configHash,
    String configName,
    long seed,
    Map<String, String> libraries,
    String gitCommit,
    String createdAt) {

  /** The libraries we report, as Maven group → artifact. */
  private static final String[][] LIBRARIES = {
      {"org.apache.beam", "beam-sdks-java-core"},
      {"org.apache.beam", "beam-runners-flink-1.19"},
      {"org.deeplearning4j", "deeplearning4j-nn"},
      {"org.nd4j", "nd4j-api"},
      {"com.google.cloud", "google-cloud-nio"},
  };

  /** The provenance of an artifact made now from {@code config} and {@code seed}. */
  public static Provenance of(ExperimentConfig config, long seed) {
    return new Provenance(config.hash(), config.name(), seed, libraryVersions(), gitCommit(Path.of("")),
        Instant.now().toString());
  }

  /** As an ordered map, ready for a JSON writer. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("config_hash", configHash);
    map.put("config_name", configName);
    map.put("seed", seed);
    map.put("libraries", libraries);
    map.put("git_commit", gitCommit);
    map.put("created_at", createdAt);
    map.put("java", System.getProperty("java.version"));
    return map;
  }

  /** Versions of the result-shaping libraries found on the classpath (absent ones are left out). */
  public static Map<String, String> libraryVersions() {
    Map<String, String> versions = new LinkedHashMap<>();
    for (String[] library : LIBRARIES) {
      String resource = "/META-INF/maven/" + library[0] + "/" + library[1] + "/pom.properties";
      try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
        if (in != null) {
          Properties properties = new Properties();
          properties.load(in);
          versions.put(library[1], properties.getProperty("version", "unknown"));
        }
      } catch (IOException e) {
        versions.put(library[1], "unreadable");
      }
    }
    return versions;
  }

  /**
   * The commit checked out in the git repository that holds {@code start} (or a folder above it),
   * read from {@code .git} directly so no git binary is needed; "unknown" outside a repository.
   */
  public static String gitCommit(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path git = dir.resolve(".git");
      try {
        if (Files.isRegularFile(git)) {
          // A worktree: ".git" is a file "gitdir: <path>".
          String pointer = Files.readString(git).trim();
          if (pointer.startsWith("gitdir:")) {
            return headOf(dir.resolve(pointer.substring("gitdir:".length()).trim()));
          }
        } else if (Files.isDirectory(git)) {
          return headOf(git);
        }
      } catch (IOException e) {
        return "unknown";
      }
    }
    return "unknown";
  }

  private static String headOf(Path gitDir) throws IOException {
    String head = Files.readString(gitDir.resolve("HEAD")).trim();
    if (!head.startsWith("ref: ")) {
      return head;
    }
    String ref = head.substring("ref: ".length());
    Path common = gitDir;
    Path commonDirFile = gitDir.resolve("commondir");
    if (Files.isRegularFile(commonDirFile)) {
      common = gitDir.resolve(Files.readString(commonDirFile).trim()).normalize();
    }
    for (Path base : new Path[] {gitDir, common}) {
      Path loose = base.resolve(ref);
      if (Files.isRegularFile(loose)) {
        return Files.readString(loose).trim();
      }
      Path packed = base.resolve("packed-refs");
      if (Files.isRegularFile(packed)) {
        for (String line : Files.readAllLines(packed)) {
          if (line.endsWith(" " + ref)) {
            return line.substring(0, line.indexOf(' '));
          }
        }
      }
    }
    return "unknown";
  }
}
