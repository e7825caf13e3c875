package org.hrnetbeam.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.storage.contrib.nio.CloudStorageConfiguration;
import com.google.cloud.storage.contrib.nio.CloudStorageFileSystem;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Weight files on gs:// (through google-cloud-nio's in-memory fake), where java.io.File does not exist. */
class NonLocalPathTest {

  @Test
  void readsAndWritesPthAndNpzOnACloudStoragePath() throws IOException {
    StateDict weights = WeightFiles.read(TestFiles.golden("plain_state_dict.pth")).model();
    try (CloudStorageFileSystem fs = CloudStorageFileSystem.forBucket("weights-test",
        CloudStorageConfiguration.DEFAULT, LocalStorageHelper.getOptions())) {
      for (String name : new String[] {"/exports/w.pth", "/exports/w.npz"}) {
        Path p = fs.getPath(name);
        WeightFiles.write(p, weights);
        assertTrue(Files.size(p) > 0, name);
        assertEquals(weights, WeightFiles.read(p).model(), name);
      }
      Path npy = fs.getPath("/exports/conv.npy");
      Npy.write(npy, weights.get("conv.weight"));
      assertEquals(weights.get("conv.weight"), Npy.read(npy));
    }
  }
}
