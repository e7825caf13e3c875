package org.hrnetbeam.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.hrnetbeam.imageio.ImageDecodeException;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.storage.Storage;

/**
 * The kept validation pictures on disk: for each, {@code NN-<id>.image.png} (as in the shard),
 * {@code .truth.png} (train ids, ignore as in the shard) and {@code .prediction.png} (predicted class
 * per pixel, 8-bit), listed in {@value #INDEX} in sample-id order.
 */
public final class PictureFiles {
  public static final String FOLDER = "pictures";
  public static final String INDEX = "pictures.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One picture read back: the image and both class maps. */
  public record Picture(String name, String sampleId, BufferedImage image, LabelImage truth, LabelImage prediction) {}

  private PictureFiles() {}

  static void write(Path dir, List<PictureSample> pictures) throws IOException {
    List<PictureSample> sorted = new ArrayList<>(pictures);
    sorted.sort(Comparator.comparing(PictureSample::sampleId));
    List<Map<String, Object>> index = new ArrayList<>();
    for (int k = 0; k < sorted.size(); k++) {
      PictureSample p = sorted.get(k);
      String name = String.format(Locale.ROOT, "%02d-%s", k, fileSafe(p.sampleId()));
      Storage.writeAtomically(dir.resolve(name + ".image.png"), p.imagePng());
      Storage.writeAtomically(dir.resolve(name + ".truth.png"), p.truthPng());
      Storage.writeAtomically(dir.resolve(name + ".prediction.png"), p.predictionPng());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", name);
      entry.put("sample_id", p.sampleId());
      index.add(entry);
    }
    Storage.writeAtomically(dir.resolve(INDEX), JSON.writeValueAsBytes(index));
  }

  /** The pictures listed in {@code dir}'s index; none when there is no index. */
  public static List<Picture> read(Path dir) throws IOException {
    Path indexFile = dir.resolve(INDEX);
    if (!Files.exists(indexFile)) {
      return List.of();
    }
    List<Picture> out = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(Storage.readAllBytes(indexFile))) {
      String name = entry.path("name").asText();
      Path image = dir.resolve(name + ".image.png");
      BufferedImage picture = ImageIO.read(new ByteArrayInputStream(Storage.readAllBytes(image)));
      if (picture == null) {
        throw new IOException(Storage.location(image) + " is not a PNG");
      }
      out.add(new Picture(name, entry.path("sample_id").asText(), picture, label(dir.resolve(name + ".truth.png")),
          label(dir.resolve(name + ".prediction.png"))));
    }
    return out;
  }

  /** Deletes the index, so pictures of an earlier run are never shown as this run's. */
  static void forget(Path dir) throws IOException {
    Files.deleteIfExists(dir.resolve(INDEX));
  }

  private static LabelImage label(Path file) throws IOException {
    try {
      return ImageDecoder.decodeLabel(Storage.readAllBytes(file), Storage.location(file));
    } catch (ImageDecodeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** A sample id as a plain file name: image extension dropped, path separators and odd characters '_'. */
  static String fileSafe(String id) {
    String safe = id.replaceAll("\\.(png|jpg|jpeg|bmp)$", "").replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.length() > 80 ? safe.substring(safe.length() - 80) : safe;
  }
}
