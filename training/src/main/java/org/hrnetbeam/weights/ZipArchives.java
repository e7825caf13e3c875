package org.hrnetbeam.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.hrnetbeam.storage.LocalStaging;

/**
 * Opens zip archives through their central directory, the only reliable index: PyTorch writes stored
 * entries with data descriptors, which streaming zip readers cannot skip.
 */
final class ZipArchives {
  private ZipArchives() {}

  /**
   * Opens {@code file} as a zip. Files on other file systems (gs://) are first copied to a local
   * temporary file, which the returned archive deletes when closed.
   */
  static ZipFile open(Path file) throws IOException {
    Path local = file;
    boolean temporary = false;
    if (file.getFileSystem() != FileSystems.getDefault()) {
      local = LocalStaging.newFile("weights-", ".zip");
      temporary = true;
      try (InputStream in = Files.newInputStream(file)) {
        Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        Files.deleteIfExists(local);
        throw e;
      }
    }
    try {
      return new ZipFile(local.toFile(), temporary ? ZipFile.OPEN_READ | ZipFile.OPEN_DELETE : ZipFile.OPEN_READ);
    } catch (ZipException e) {
      if (temporary) {
        Files.deleteIfExists(local);
      }
      throw new WeightFileException(file.toString(), "truncated or corrupt zip archive (" + e.getMessage() + ")", e);
    }
  }

  /** All bytes of one entry; a short read means the archive was cut or damaged. */
  static byte[] readEntry(ZipFile zip, ZipEntry entry, String source) throws IOException {
    String where = source + "!" + entry.getName();
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] b = in.readAllBytes();
      if (entry.getSize() >= 0 && b.length != entry.getSize()) {
        throw new WeightFileException(where, "entry holds " + b.length + " bytes, the directory says " + entry.getSize());
      }
      return b;
    } catch (ZipException | java.io.EOFException e) {
      throw new WeightFileException(where, "truncated or corrupt zip entry (" + e.getMessage() + ")", e);
    }
  }
}
