package org.hrnetbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  @RegisterExtension final CapturedOutput output = new CapturedOutput();
  private static final String CAMVID = "../conf/camvid/seg_hrnet_w18_small_v1_camvid.yaml";

  @TempDir Path dir;

  @Test
  void withoutBestOrFinalItIsAUsageErrorNamingBoth() {
    assertEquals(2, HrnetCommand.execute("evaluate", "--cfg", CAMVID, "OUTPUT_DIR", dir.toString()));
    assertTrue(output.err().contains("best") && output.err().contains("final") && output.err().contains("--model"),
        output.err());
  }

  @Test
  void aModelThatDoesNotExistIsAUsageErrorNamingIt() {
    String missing = dir.resolve("nope.pth").toString();
    assertEquals(2, HrnetCommand.execute("evaluate", "--cfg", CAMVID, "--model", missing, "OUTPUT_DIR", dir.toString()));
    assertTrue(output.err().contains(missing), output.err());
  }
}
