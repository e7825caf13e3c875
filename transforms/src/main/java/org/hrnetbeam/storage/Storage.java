package org.hrnetbeam.storage;

import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.contrib.nio.CloudStorageConfiguration;
import com.google.cloud.storage.contrib.nio.CloudStorageFileSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves every path the project touches (dataset root, list files, output directory, weights,
 * models) to a {@link Path}: a local path as it is, {@code gs://bucket/object} through
 * google-cloud-nio. Writes that must never be seen half-done go through
 * {@link #writeAtomically(Path, Writer)}.
 */
public final class Storage {
  private static final String GCS_SCHEME = "gs://";
  private static final Map<String, FileSystem> BUCKETS = new ConcurrentHashMap<>();
  private static volatile StorageOptions gcsOptions;

  private Storage() {}

  /** Writes the content of one file. */
  @FunctionalInterface
  public interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A local path, or {@code gs://bucket/object...} resolved through google-cloud-nio. */
  public static Path path(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("empty path");
    }
    if (!isGcs(location)) {
      return Path.of(location);
    }
    String rest = location.substring(GCS_SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String object = slash < 0 ? "/" : rest.substring(slash);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("no bucket in " + location);
    }
    return bucketFileSystem(bucket).getPath(object.isEmpty() ? "/" : object);
  }

  public static boolean isGcs(String location) {
    return location.startsWith(GCS_SCHEME);
  }

  /** The location of a path as a user writes it: {@code gs://bucket/object} or a local path. */
  public static String location(Path path) {
    if (path.getFileSystem() instanceof CloudStorageFileSystem gcs) {
      return GCS_SCHEME + gcs.bucket() + path.toAbsolutePath();
    }
    return path.toString();
  }

  /**
   * Uses other Cloud Storage options for gs:// from now on (tests pass google-cloud-nio's
   * in-memory {@code LocalStorageHelper.getOptions()}); {@code null} returns to the default
   * credentials and project.
   */
  public static void useGcsOptions(StorageOptions options) {
    gcsOptions = options;
    BUCKETS.clear();
  }

  private static FileSystem bucketFileSystem(String bucket) {
    return BUCKETS.computeIfAbsent(bucket, b -> {
      StorageOptions options = gcsOptions;
      return options == null
          ? CloudStorageFileSystem.forBucket(b)
          : CloudStorageFileSystem.forBucket(b, CloudStorageConfiguration.DEFAULT, options);
    });
  }

  /** {@link #writeAtomically(Path, Writer)} for a byte array. */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    writeAtomically(target, out -> out.write(content));
  }

  /** {@link #writeAtomically(Path, Writer)} for UTF-8 text. */
  public static void writeString(Path target, String text) throws IOException {
    writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code target} so that it is either its old content or the complete new one, never a
   * part. Locally the content goes to a temporary sibling that then replaces the target by an
   * atomic rename. On Cloud Storage the content is staged in a local temporary file and uploaded
   * in one piece only once the writer has finished: an object becomes visible only when its upload
   * completes, so readers see the old object until then. If writing fails, the temporary file is
   * removed, the target is left as it was, and the error names the target.
   */
  public static void writeAtomically(Path target, Writer writer) throws IOException {
    boolean gcs = isGcsPath(target);
    Path temp = gcs
        ? LocalStaging.newFile("upload-", ".tmp")
        : target.resolveSibling(tempPrefix(target) + UUID.randomUUID());
    try {
      if (!gcs) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
      }
      try (OutputStream out = Files.newOutputStream(temp)) {
        writer.writeTo(out);
      }
      if (gcs) {
        Files.copy(temp, target, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(temp);
        return;
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new IOException("could not write " + location(target) + ": " + e.getMessage(), e);
    }
  }

  private static String tempPrefix(Path target) {
    return "." + target.getFileName() + ".tmp-";
  }

  /**
   * Deletes the temporary siblings that {@link #writeAtomically} calls on {@code target} left when
   * their process was killed, and returns how many. Only for a target that one writer at a time
   * writes (a checkpoint): another writer's temporary file would go too. Does nothing on gs://.
   */
  public static int removeLeftoverTemps(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (isGcsPath(target) || parent == null || !Files.isDirectory(parent)) {
      return 0;
    }
    int removed = 0;
    String prefix = tempPrefix(target);
    try (var siblings = Files.newDirectoryStream(parent, p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path sibling : siblings) {
        Files.deleteIfExists(sibling);
        removed++;
      }
    }
    return removed;
  }

  private static boolean isGcsPath(Path path) {
    return path.getFileSystem() instanceof CloudStorageFileSystem;
  }

  /** Reads a whole file, naming it in the error. */
  public static byte[] readAllBytes(Path path) throws IOException {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IOException("could not read " + location(path) + ": " + e, e);
    }
  }

}
