package org.hrnetbeam.remap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds a label map by PIPELINE.LABEL_MAP: a path to a YAML file, or a name looked up in
 * conf/labelmaps (from the working directory upwards), then among the maps bundled in the jar
 * (the same files, copied at build time).
 */
public final class LabelMaps {
  private LabelMaps() {}

  public static LabelMap load(String nameOrPath) throws IOException {
    if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.contains("/")) {
      Path file = Paths.get(nameOrPath);
      if (!Files.isRegularFile(file)) {
        throw new IOException("PIPELINE.LABEL_MAP: file " + file.toAbsolutePath() + " does not exist");
      }
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String fileName = file.getFileName().toString();
        return LabelMap.parse(fileName.substring(0, fileName.lastIndexOf('.')), r, file.toString());
      }
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("conf").resolve("labelmaps").resolve(nameOrPath + ".yaml");
      if (Files.isRegularFile(file)) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          return LabelMap.parse(nameOrPath, r, file.toString());
        }
      }
    }
    try (InputStream in = LabelMaps.class.getResourceAsStream("/labelmaps/" + nameOrPath + ".yaml")) {
      if (in == null) {
        throw new IOException("PIPELINE.LABEL_MAP: no label map named '" + nameOrPath
            + "' (known: cityscapes, camvid, reduce_zero_label, identity; or give a .yaml path)");
      }
      return LabelMap.parse(nameOrPath, new InputStreamReader(in, StandardCharsets.UTF_8), "labelmaps/" + nameOrPath + ".yaml");
    }
  }
}
