package org.hrnetbeam.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Local temporary files for data that must pass through the local disk on its way elsewhere: DL4J
 * writes model zips only to a {@link java.io.File}, and a Cloud Storage upload is staged whole. They
 * live in one folder per process, {@code <java.io.tmpdir>/hrnet-staging-<pid>}, because a process
 * killed outright runs no {@code finally} block and no shutdown hook: its staged files (a W48
 * checkpoint is 260 MB) would stay for ever. The first staging of each later process removes the
 * folders of processes that no longer run.
 */
public final class LocalStaging {
  static final String FOLDER_PREFIX = "hrnet-staging-";
  private static Path folder;

  private LocalStaging() {}

  /** A new empty file in this process's staging folder; the caller deletes it when done. */
  public static Path newFile(String prefix, String suffix) throws IOException {
    return Files.createTempFile(folder(), prefix, suffix);
  }

  private static synchronized Path folder() throws IOException {
    if (folder == null || !Files.isDirectory(folder)) {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      removeFoldersOfEndedProcesses(tmp);
      folder = Files.createDirectories(tmp.resolve(FOLDER_PREFIX + ProcessHandle.current().pid()));
    }
    return folder;
  }

  /** Deletes every {@code hrnet-staging-<pid>} folder in {@code tmp} whose process has ended; returns how many. */
  static int removeFoldersOfEndedProcesses(Path tmp) {
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, FOLDER_PREFIX + "*")) {
      for (Path entry : entries) {
        Long pid = pidOf(entry.getFileName().toString());
        if (pid != null && ProcessHandle.of(pid).isEmpty() && deleteTree(entry)) {
          removed++;
        }
      }
    } catch (IOException e) {
      // Only housekeeping: a temporary folder we cannot list or clean is no reason to fail the write.
    }
    return removed;
  }

  private static Long pidOf(String name) {
    try {
      return Long.parseLong(name.substring(FOLDER_PREFIX.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
