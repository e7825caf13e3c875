package org.hrnetbeam.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed process leaves behind is removed by the next one, and nothing else is. */
class LeftoverStagingTest {
  @TempDir Path tmp;

  @Test
  void stagingFoldersOfEndedProcessesGoAndLiveOnesStay() throws Exception {
    // Far above any pid_max Linux allows, so no such process runs.
    Path ended = Files.createDirectories(tmp.resolve(LocalStaging.FOLDER_PREFIX + "999999999"));
    Files.write(ended.resolve("checkpoint123.zip"), new byte[1024]);
    Path live = Files.createDirectories(tmp.resolve(LocalStaging.FOLDER_PREFIX + ProcessHandle.current().pid()));
    Files.write(live.resolve("model.zip"), new byte[16]);
    Path other = Files.createDirectories(tmp.resolve(LocalStaging.FOLDER_PREFIX + "notapid"));

    assertEquals(1, LocalStaging.removeFoldersOfEndedProcesses(tmp));
    assertFalse(Files.exists(ended), "a killed process's staged files are removed");
    assertTrue(Files.exists(live.resolve("model.zip")), "a running process's staging folder stays");
    assertTrue(Files.exists(other), "a folder not named by a pid is not ours to judge");
  }

  @Test
  void newFilesGoToThisProcesssFolder() throws Exception {
    Path staged = LocalStaging.newFile("model", ".zip");
    try {
      assertEquals(LocalStaging.FOLDER_PREFIX + ProcessHandle.current().pid(), staged.getParent().getFileName().toString());
    } finally {
      Files.deleteIfExists(staged);
    }
  }

  @Test
  void leftoverTempsOfAKilledAtomicWriteAreRemovedAndNothingElse() throws Exception {
    Path target = tmp.resolve("checkpoint.pth.tar");
    Storage.writeString(target, "good");
    Path leftover = tmp.resolve(".checkpoint.pth.tar.tmp-0b7e6a52");
    Files.writeString(leftover, "half a checkpoint");
    Path unrelated = tmp.resolve(".best.pth.tmp-1234");
    Files.writeString(unrelated, "another file's write");

    assertEquals(1, Storage.removeLeftoverTemps(target));
    assertFalse(Files.exists(leftover));
    assertTrue(Files.exists(unrelated));
    assertEquals("good", Files.readString(target));
  }
}
