package org.hrnetbeam.trainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a resumed run keeps of {@code train_log.jsonl}: only what lies before its checkpoint's epoch. */
class JsonlLogResumeTest {
  @TempDir
  Path tmp;

  @Test
  void keepsTrainingLinesBeforeTheStepAndValidationsOfEarlierEpochsAndDropsATornLine() throws Exception {
    Path file = tmp.resolve(JsonlLog.FILE_NAME);
    List<String> lines = List.of(
        "{\"type\":\"train\",\"epoch\":0,\"iteration\":0,\"step\":0,\"loss\":2.0}",
        "{\"type\":\"train\",\"epoch\":0,\"iteration\":1,\"step\":1,\"loss\":1.5}",
        "{\"type\":\"valid\",\"epoch\":0,\"step\":2,\"loss\":1.4,\"mIoU\":0.1}",
        "{\"type\":\"train\",\"epoch\":1,\"iteration\":0,\"step\":2,\"loss\":1.2}",
        "{\"type\":\"train\",\"epoch\":1,\"iteration\":1,\"step\":3,\"loss\":1.1}",
        "{\"type\":\"valid\",\"epoch\":1,\"step\":4,\"loss\":1.0,\"mIoU\":0.2}",
        "{\"type\":\"train\",\"epoch\":2,\"itera");
    Files.writeString(file, String.join("\n", lines));

    // Resuming epoch 1, which began at global step 2.
    JsonlLog.keepBefore(file, 2, 1);
    assertEquals(lines.subList(0, 3), Files.readAllLines(file));

    JsonlLog.keepBefore(file, 0, 0);
    assertEquals(List.of(), Files.readAllLines(file));
  }

  @Test
  void anAbsentLogStaysAbsent() throws Exception {
    Path file = tmp.resolve(JsonlLog.FILE_NAME);
    JsonlLog.keepBefore(file, 5, 1);
    assertFalse(Files.exists(file));
  }
}
