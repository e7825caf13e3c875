package org.hrnetbeam.trainlog;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.hrnetbeam.storage.LocalStaging;
import org.hrnetbeam.storage.Storage;

/**
 * A log file that grows while a run goes on and that a reader may look at any time: locally it
 * is written in place and {@link #flush()} pushes the bytes to the file; on Cloud Storage, where
 * an object cannot be appended to, it is written to a local staging file and each
 * {@link #flush()} uploads the whole file (log files are small: scalars and short lines).
 */
final class LogFile implements Closeable {
  private final Path target;
  private final Path staging;
  private final OutputStream out;

  private LogFile(Path target, Path staging, OutputStream out) {
    this.target = target;
    this.staging = staging;
    this.out = out;
  }

  /**
   * Opens {@code target} for writing. With {@code append}, existing content is kept (a resumed
   * run continues its log); otherwise an existing file is replaced.
   */
  static LogFile open(Path target, boolean append) throws IOException {
    try {
      if (target.getFileSystem() == FileSystems.getDefault()) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        OutputStream out = append
            ? Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
            : Files.newOutputStream(target);
        return new LogFile(target, null, new BufferedOutputStream(out));
      }
      Path staging = LocalStaging.newFile("log-", ".staged");
      if (append && Files.exists(target)) {
        Files.write(staging, Storage.readAllBytes(target));
      }
      OutputStream out = Files.newOutputStream(staging, StandardOpenOption.APPEND);
      return new LogFile(target, staging, new BufferedOutputStream(out));
    } catch (IOException e) {
      throw new IOException("could not open log file " + Storage.location(target) + ": " + e.getMessage(), e);
    }
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  Path target() {
    return target;
  }

  /** Makes everything written so far visible at the target. */
  void flush() throws IOException {
    out.flush();
    if (staging != null) {
      Storage.writeAtomically(target, o -> Files.copy(staging, o));
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
      if (staging != null) {
        Files.deleteIfExists(staging);
      }
    }
  }
}
