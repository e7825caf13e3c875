package org.hrnetbeam.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds the samples of one split under a dataset root, in a stable order (sorted by id).
 *
 * <p>A missing root, a missing list file or a split with no samples fails at once with the path
 * in the message: an empty run is never what the user meant. Missing or unreadable files of a
 * single sample are not checked here; they become dead letters when the sample is read.
 */
public final class SampleLister {
  private static final String CITYSCAPES_IMAGE_SUFFIX = "_leftImg8bit.png";
  private static final String CITYSCAPES_LABEL_SUFFIX = "_gtFine_labelIds.png";

  private final Path root;
  private final DatasetLayout layout;

  public SampleLister(Path root, DatasetLayout layout) {
    this.root = root;
    this.layout = layout;
  }

  /**
   * @param split which split the samples belong to
   * @param set the DATASET.*_SET value: a list file relative to the root for the list layout; for
   *     the folder layouts its file stem names the split folder ("list/cityscapes/val.lst" → "val")
   */
  public List<SampleRef> list(Split split, String set) {
    if (!Files.isDirectory(root)) {
      throw new DatasetException("DATASET.ROOT " + root.toUri() + " is not a directory");
    }
    List<SampleRef> samples = switch (layout) {
      case LIST -> fromListFile(split, root.resolve(set));
      case CITYSCAPES -> cityscapes(split, folderName(set));
      case FOLDERS -> folders(split, folderName(set));
    };
    if (samples.isEmpty()) {
      throw new DatasetException(split.prefix() + " set '" + set + "' under " + root.toUri() + " has no samples");
    }
    samples.sort(Comparator.comparing(SampleRef::id));
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i).id().equals(samples.get(i - 1).id())) {
        throw new DatasetException(split.prefix() + " set '" + set + "' lists " + samples.get(i).id() + " twice");
      }
    }
    return samples;
  }

  static String folderName(String set) {
    String name = set.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private List<SampleRef> fromListFile(Split split, Path listFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DatasetException(split.prefix() + " list file " + listFile.toUri() + " does not exist", e);
    } catch (IOException e) {
      throw new DatasetException("cannot read list file " + listFile.toUri() + ": " + e.getMessage(), e);
    }
    List<SampleRef> samples = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.contains("\t") ? line.split("\t+") : line.split("\\s+");
      if (parts.length > 2) {
        throw new DatasetException(listFile.toUri() + " line " + (n + 1) + ": expected 'image label', got '" + line + "'");
      }
      String image = parts[0].strip();
      String label = parts.length == 2 ? PathText.of(root.resolve(parts[1].strip())) : "";
      samples.add(new SampleRef(image, split.prefix(), PathText.of(root.resolve(image)), label));
    }
    return samples;
  }

  private List<SampleRef> cityscapes(Split split, String folder) {
    Path images = root.resolve("leftImg8bit").resolve(folder);
    Path labels = root.resolve("gtFine").resolve(folder);
    List<SampleRef> samples = new ArrayList<>();
    for (Path image : walk(images)) {
      String name = image.getFileName().toString();
      if (!name.endsWith(CITYSCAPES_IMAGE_SUFFIX)) {
        continue;
      }
      String stem = name.substring(0, name.length() - CITYSCAPES_IMAGE_SUFFIX.length());
      Path city = images.relativize(image.getParent());
      Path label = labels.resolve(city.toString()).resolve(stem + CITYSCAPES_LABEL_SUFFIX);
      samples.add(new SampleRef(relativeId(image), split.prefix(), PathText.of(image), PathText.of(label)));
    }
    return samples;
  }

  private List<SampleRef> folders(Split split, String folder) {
    Path images = root.resolve("images").resolve(folder);
    Path labels = root.resolve("labels").resolve(folder);
    Map<String, Path> labelByStem = new HashMap<>();
    if (Files.isDirectory(labels)) {
      for (Path label : walk(labels)) {
        labelByStem.put(stemKey(labels, label), label);
      }
    }
    List<SampleRef> samples = new ArrayList<>();
    for (Path image : walk(images)) {
      Path label = labelByStem.get(stemKey(images, image));
      samples.add(new SampleRef(relativeId(image), split.prefix(), PathText.of(image),
          label == null ? "" : PathText.of(label)));
    }
    return samples;
  }

  private static String stemKey(Path base, Path file) {
    String relative = base.relativize(file).toString().replace('\\', '/');
    int dot = relative.lastIndexOf('.');
    return dot > relative.lastIndexOf('/') + 1 ? relative.substring(0, dot) : relative;
  }

  private String relativeId(Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  private static List<Path> walk(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DatasetException("folder " + dir.toUri() + " does not exist");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new DatasetException("cannot list " + dir.toUri() + ": " + e.getMessage(), e);
    }
  }
}
