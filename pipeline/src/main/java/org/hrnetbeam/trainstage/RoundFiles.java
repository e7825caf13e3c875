package org.hrnetbeam.trainstage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hrnetbeam.storage.Storage;

/**
 * The files through which an epoch's pipeline and the driver exchange state, in the run's work
 * folder (local or gs://, so it works when workers run elsewhere): the epoch's start state, which
 * round 0 reads, and each round's result, which the driver reads after the pipeline (the last one
 * with the averaged vectors, the others with their losses only). Written atomically.
 */
final class RoundFiles {
  private static final RoundState.Coder CODER = new RoundState.Coder();

  private RoundFiles() {
  }

  static Path start(String workDir, int epoch) {
    return Storage.path(workDir).resolve("epoch-" + epoch + "-start.state");
  }

  static Path round(String workDir, int epoch, int round) {
    return Storage.path(workDir).resolve("epoch-" + epoch + "-round-" + round + ".state");
  }

  static void write(Path file, RoundState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CODER.encode(state, bytes);
    Storage.writeAtomically(file, bytes.toByteArray());
  }

  static RoundState read(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IOException("round state " + Storage.location(file) + " is missing: the epoch's pipeline did not"
          + " write it");
    }
    return CODER.decode(new ByteArrayInputStream(Storage.readAllBytes(file)));
  }

  /** Deletes the epoch's files. */
  static void clear(String workDir, int epoch) throws IOException {
    Path dir = Storage.path(workDir);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith("epoch-" + epoch + "-")) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
