package org.hrnetbeam.prepare;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.ingest.SampleRef;
import org.hrnetbeam.provenance.Provenance;

/**
 * The manifest's record of how the shards were made: the project-wide {@link Provenance} (config
 * hash, seed, library versions, git commit, time) plus the input list hash and prepare settings.
 */
final class ManifestProvenance {
  private ManifestProvenance() {}

  static LinkedHashMap<String, Object> of(ExperimentConfig cfg, PrepareSettings s, List<SampleRef> samples) {
    LinkedHashMap<String, Object> p = new LinkedHashMap<>(Provenance.of(cfg, s.seed()).toMap());
    p.put("input_list_sha256", inputListHash(samples));
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("dataset_root", s.root());
    settings.put("layout", s.layout().name().toLowerCase(Locale.ROOT));
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
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
