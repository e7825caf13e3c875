package org.hrnetbeam.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hrnetbeam.config.ExperimentConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gs:// through google-cloud-nio's in-memory fake, and local paths, behave the same. */
class StorageTest {
  @TempDir Path local;

  @BeforeEach
  void useFakeGcs() {
    Storage.useGcsOptions(LocalStorageHelper.getOptions());
  }

  @AfterEach
  void restoreGcs() {
    Storage.useGcsOptions(null);
  }

  @Test
  void configRoundTripsThroughGcs() throws IOException {
    ExperimentConfig config = ExperimentConfig.defaults().withOverrides(List.of("TRAIN.LR", "0.02"));
    Path remote = Storage.path("gs://runs/exp/config.yaml");
    Storage.writeString(remote, config.toYaml());

    Path back = local.resolve("config.yaml");
    Files.write(back, Storage.readAllBytes(remote));
    assertEquals(config.hash(), ExperimentConfig.load(back, List.of()).hash());
    assertEquals("gs://runs/exp/config.yaml", Storage.location(remote));
  }

  @Test
  void listFileAndBinaryRoundTripThroughGcs() throws IOException {
    Path list = Storage.path("gs://data/camvid/train.txt");
    Storage.writeString(list, "train/a.png trainannot/a.png\ntrain/b.png\ttrainannot/b.png\n");
    assertEquals(List.of("train/a.png trainannot/a.png", "train/b.png\ttrainannot/b.png"), Files.readAllLines(list));

    byte[] blob = new byte[3 * 1024 * 1024 + 7];
    new Random(7).nextBytes(blob);
    Path binary = Storage.path("gs://data/weights/model.bin");
    Storage.writeAtomically(binary, blob);
    assertArrayEquals(blob, Storage.readAllBytes(binary));
    assertEquals(blob.length, Files.size(binary));
  }

  @Test
  void failedWriteLeavesTheOldGcsObjectAndNoTemporary() throws IOException {
    assertAtomicWrite(Storage.path("gs://runs/exp/checkpoint"));
  }

  @Test
  void failedWriteLeavesTheOldLocalFileAndNoTemporary() throws IOException {
    assertAtomicWrite(local.resolve("exp/checkpoint"));
  }

  private static void assertAtomicWrite(Path target) throws IOException {
    Storage.writeAtomically(target, "good".getBytes());
    IOException e = assertThrows(IOException.class, () -> Storage.writeAtomically(target, out -> {
      out.write("half-writ".getBytes());
      throw new IOException("disk full");
    }));
    assertTrue(e.getMessage().contains("could not write") && e.getMessage().contains("checkpoint")
        && e.getMessage().contains("disk full"), e.getMessage());
    assertEquals("good", new String(Storage.readAllBytes(target)));
    try (Stream<Path> siblings = Files.list(target.getParent())) {
      assertEquals(List.of("checkpoint"), siblings.map(p -> p.getFileName().toString()).toList());
    }
    Storage.writeAtomically(target, "better".getBytes());
    assertEquals("better", new String(Storage.readAllBytes(target)));
  }

  @Test
  void localPathsStayLocal() {
    assertEquals(Path.of("output/x"), Storage.path("output/x"));
    assertThrows(IllegalArgumentException.class, () -> Storage.path("gs:///nobucket"));
  }
}
