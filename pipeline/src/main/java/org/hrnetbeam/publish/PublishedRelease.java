package org.hrnetbeam.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.hrnetbeam.storage.Storage;

/**
 * A release folder under {@code published/releases/} and what promotion compares: its mIoU and the
 * identity of the val set it was measured on, both read from its {@code metrics.json}.
 *
 * @param name       the folder name
 * @param dir        the folder
 * @param meanIou    the reference's mIoU, a fraction
 * @param valSetHash {@code val_set_sha256} of its evaluation
 */
public record PublishedRelease(String name, Path dir, double meanIou, String valSetHash) {
  public static final String POINTER = "CURRENT";
  /** Names the release a publish is writing, from before its first file until CURRENT names it. */
  public static final String STAGING = "STAGING";
  public static final String RELEASES = "releases";
  public static final String MODEL = "model";
  public static final String CARD = "model-card.md";
  public static final String METRICS = "metrics.json";

  /** The release {@code published/CURRENT} names, if any. */
  public static Optional<PublishedRelease> current(Path publishedDir) throws IOException {
    Path pointer = publishedDir.resolve(POINTER);
    if (!Files.exists(pointer)) {
      return Optional.empty();
    }
    String name = new String(Storage.readAllBytes(pointer), StandardCharsets.UTF_8).strip();
    if (name.isEmpty() || name.contains("/")) {
      throw new IOException(Storage.location(pointer) + " must hold one release folder name, got '" + name + "'");
    }
    return Optional.of(read(publishedDir.resolve(RELEASES).resolve(name)));
  }

  /** Reads a release folder's metrics.json. */
  public static PublishedRelease read(Path dir) throws IOException {
    Path metrics = dir.resolve(METRICS);
    JsonNode root = new ObjectMapper().readTree(Storage.readAllBytes(metrics));
    JsonNode miou = root.get("mIoU");
    JsonNode valSet = root.get("val_set_sha256");
    if (miou == null || !miou.isNumber() || valSet == null || valSet.asText().isEmpty()) {
      throw new IOException(Storage.location(metrics) + " lacks a numeric 'mIoU' or 'val_set_sha256'");
    }
    return new PublishedRelease(dir.getFileName().toString().replace("/", ""), dir, miou.asDouble(), valSet.asText());
  }
}
