package org.hrnetbeam.ingest;

import java.nio.file.Path;
import org.hrnetbeam.storage.Storage;

/** Paths travel through the pipeline as text: absolute local paths or gs:// URIs. */
public final class PathText {
  private PathText() {}

  public static String of(Path path) {
    if ("file".equals(path.getFileSystem().provider().getScheme())) {
      return path.toAbsolutePath().normalize().toString();
    }
    return Storage.location(path);
  }

  public static Path toPath(String text) {
    return Storage.path(text);
  }
}
