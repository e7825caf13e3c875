package org.hrnetbeam.prepare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.util.ReleaseInfo;
import org.hrnetbeam.ingest.SampleRef;

/** How a set of shards was made, for the manifest (STYLE.md: every artifact records it). */
final class Provenance {
  private Provenance() {}

  static LinkedHashMap<String, Object> of(String configName, String configHash, long seed, List<SampleRef> samples,
      PrepareSettings s) {
    LinkedHashMap<String, Object> p = new LinkedHashMap<>();
    p.put("created", Instant.now().toString());
    p.put("config_name", configName);
    p.put("config_sha256", configHash);
    p.put("seed", seed);
    p.put("input_list_sha256", inputListHash(samples));
    p.put("git_commit", gitCommit());
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("java", System.getProperty("java.version"));
    versions.put("beam", ReleaseInfo.getReleaseInfo().getSdkVersion());
    versions.put("protobuf", com.google.protobuf.RuntimeVersion.MAJOR + "." + com.google.protobuf.RuntimeVersion.MINOR
        + "." + com.google.protobuf.RuntimeVersion.PATCH);
    String own = Provenance.class.getPackage().getImplementationVersion();
    versions.put("hrnet", own == null ? "dev" : own);
    p.put("versions", versions);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("dataset_root", s.root());
    settings.put("layout", s.layout().name().toLowerCase(java.util.Locale.ROOT));
    settings.put("augment_copies", s.copies());
    settings.put("num_shards", s.numShards());
    settings.put("compression", s.gzip() ? "gzip" : "none");
    settings.put("png_deflate_level", s.pngLevel());
    settings.put("augment", s.augment().toString());
    settings.put("randomness", "SplittableRandom seeded by SHA-256(purpose|seed|sample id|copy)");
    p.put("settings", settings);
    return p;
  }

  /** SHA-256 over "split TAB id" lines in listing order: which samples went in, not where they live. */
  static String inputListHash(List<SampleRef> samples) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (SampleRef r : samples) {
        sha.update((r.split() + "\t" + r.id() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String gitCommit() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
        return out;
      }
    } catch (IOException e) {
      return "unknown (git not available)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}
