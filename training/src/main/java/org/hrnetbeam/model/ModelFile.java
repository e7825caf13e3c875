package org.hrnetbeam.model;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.hrnetbeam.storage.LocalStaging;
import org.hrnetbeam.storage.Storage;
import org.yaml.snakeyaml.Yaml;

/**
 * Our model file: DL4J's {@link ModelSerializer} zip (graph configuration JSON, parameters and,
 * when asked, updater state) plus two entries it carries for us: {@value #SPEC_KEY}, the
 * {@link HrnetSpec} as YAML, so the network can be rebuilt and checked without the experiment
 * config, and {@value #PROVENANCE_KEY}, how the file was made (config hash, source, seed, time).
 * Any location {@link Storage} understands works, gs:// included (staged through a local file).
 */
public final class ModelFile {
  /** Entry holding the spec YAML. */
  public static final String SPEC_KEY = "hrnet-spec";
  /** Entry holding the provenance YAML. */
  public static final String PROVENANCE_KEY = "hrnet-provenance";

  private ModelFile() {
  }

  /** Writes {@code model} to {@code target} atomically, with the given provenance lines. */
  public static void save(HrnetModel model, Path target, boolean saveUpdater, Map<String, String> provenance)
      throws IOException {
    Path tmp = LocalStaging.newFile("model", ".zip");
    try {
      try {
        writeLocal(model, tmp, saveUpdater, provenance);
      } catch (IOException e) {
        throw new IOException(stagingFailed(target, tmp, e), e);
      }
      Storage.writeAtomically(target, out -> Files.copy(tmp, out));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code model} as our model file to the local file {@code local}, replacing it (not atomic). */
  public static void writeLocal(HrnetModel model, Path local, boolean saveUpdater, Map<String, String> provenance)
      throws IOException {
    ModelSerializer.writeModel(model.graph(), local.toFile(), saveUpdater);
    ModelSerializer.addObjectToFile(local.toFile(), SPEC_KEY, new Yaml().dump(specMap(model.spec())));
    ModelSerializer.addObjectToFile(local.toFile(), PROVENANCE_KEY, new Yaml().dump(new LinkedHashMap<>(provenance)));
  }

  /**
   * The message when a file cannot be staged locally before it is moved to {@code target}: it
   * names the target (what the user asked for) and the staging file (where the disk filled up).
   */
  public static String stagingFailed(Path target, Path staging, IOException e) {
    return "could not write " + Storage.location(target) + ": staging it in " + staging + " failed ("
        + e.getMessage() + "); " + Storage.location(target) + " was not touched";
  }

  /** Whether {@code file} is one of our model files (as opposed to a PyTorch checkpoint or .npz). */
  public static boolean isModelFile(Path file) throws IOException {
    Path local = localCopy(file);
    try (ZipFile zip = new ZipFile(local.toFile())) {
      return zip.getEntry("configuration.json") != null && zip.stream().anyMatch(e -> e.getName().endsWith(SPEC_KEY));
    } catch (java.util.zip.ZipException notAZip) {
      return false;
    } finally {
      if (!local.equals(file)) {
        Files.deleteIfExists(local);
      }
    }
  }

  /** Restores a model file written by {@link #save}, with oneDNN helpers attached. */
  public static HrnetModel load(Path file, boolean loadUpdater) throws IOException {
    Path local = localCopy(file);
    try {
      File f = local.toFile();
      String specYaml = ModelSerializer.getObjectFromFile(f, SPEC_KEY);
      if (specYaml == null) {
        throw new IOException(file + " is a DL4J model but not an HRNet model file (no " + SPEC_KEY + " entry)");
      }
      HrnetSpec spec = specFrom(file, new Yaml().load(specYaml));
      ComputationGraph graph = ModelSerializer.restoreComputationGraph(f, loadUpdater);
      return HrnetModel.wrap(spec, graph);
    } finally {
      if (!local.equals(file)) {
        Files.deleteIfExists(local);
      }
    }
  }

  /** The provenance stored in a model file. */
  public static Map<String, Object> provenance(Path file) throws IOException {
    Path local = localCopy(file);
    try {
      String yaml = ModelSerializer.getObjectFromFile(local.toFile(), PROVENANCE_KEY);
      return yaml == null ? Map.of() : new Yaml().load(yaml);
    } finally {
      if (!local.equals(file)) {
        Files.deleteIfExists(local);
      }
    }
  }

  private static Map<String, Object> specMap(HrnetSpec spec) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("NUM_CLASSES", spec.numClasses());
    m.put("ALIGN_CORNERS", spec.alignCorners());
    m.put("BN_MOMENTUM", spec.bnMomentum());
    m.put("EXTRA", spec.toExtra());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static HrnetSpec specFrom(Path file, Map<String, Object> m) {
    try {
      return HrnetSpec.fromExtra((Map<String, Object>) m.get("EXTRA"), ((Number) m.get("NUM_CLASSES")).intValue(),
          (Boolean) m.get("ALIGN_CORNERS"), ((Number) m.get("BN_MOMENTUM")).doubleValue());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": unreadable " + SPEC_KEY + " entry: " + e.getMessage(), e);
    }
  }

  /** ModelSerializer needs a java.io.File; gs:// objects are copied to a temporary file first. */
  private static Path localCopy(Path file) throws IOException {
    if (file.getFileSystem().equals(java.nio.file.FileSystems.getDefault())) {
      return file;
    }
    Path tmp = LocalStaging.newFile("model", ".zip");
    Files.write(tmp, Storage.readAllBytes(file));
    return tmp;
  }
}
