package org.hrnetbeam.ingest;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Paths travel through the pipeline as text: absolute local paths or gs:// URIs. */
public final class PathText {
  private PathText() {}

  public static String of(Path path) {
    if ("file".equals(path.getFileSystem().provider().getScheme())) {
      return path.toAbsolutePath().normalize().toString();
    }
    return path.toUri().toString();
  }

  public static Path toPath(String text) {
    if (text.contains("://")) {
      return Paths.get(URI.create(text));
    }
    return Paths.get(text);
  }
}
