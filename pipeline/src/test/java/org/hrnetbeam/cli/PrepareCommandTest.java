package org.hrnetbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code hrnet prepare} end to end: summary line, exit codes with and without --strict. */
class PrepareCommandTest {
  @RegisterExtension final CapturedOutput output = new CapturedOutput();
  @TempDir Path dir;

  @Test
  void oneMissingLabelIsReportedAndOnlyStrictFails() throws Exception {
    Path camvid = camvid();
    Path root = dir.resolve("data");
    List<String> lines = Files.readAllLines(camvid.resolve("train.txt")).subList(0, 2);
    for (String line : lines) {
      Path image = root.resolve(line.split(" ")[0]);
      Files.createDirectories(image.getParent());
      Files.copy(camvid.resolve(line.split(" ")[0]), image);
    }
    Files.createDirectories(root.resolve("trainannot"));
    Files.copy(camvid.resolve(lines.get(0).split(" ")[1]), root.resolve(lines.get(0).split(" ")[1]));
    Files.write(root.resolve("train.txt"), lines);
    Files.write(root.resolve("val.txt"), lines.subList(0, 1));
    String cfg = conf().resolve("camvid/seg_hrnet_w18_small_v1_camvid.yaml").toString();
    String[] args = {"prepare", "--cfg", cfg, "DATASET.ROOT", root.toString(), "OUTPUT_DIR", dir.resolve("out").toString(),
        "PIPELINE.AUGMENT_COPIES", "1", "PIPELINE.NUM_SHARDS", "1"};
    assertEquals(0, HrnetCommand.execute(args));
    assertTrue(output.out().contains("prepare: wrote 2 records from 2 of 3 samples; rejected 1 (missing_label: 1)"), output.out());
    Path shards = dir.resolve("out/camvid/seg_hrnet_w18_small_v1_camvid/shards");
    assertTrue(Files.exists(shards.resolve("manifest.json")));
    assertTrue(Files.readString(shards.resolve("deadletter.jsonl")).contains("\"reason\":\"missing_label\""));
    assertTrue(Files.exists(dir.resolve("out/camvid/seg_hrnet_w18_small_v1_camvid/config.yaml")));

    String[] strict = new String[args.length + 1];
    System.arraycopy(args, 0, strict, 0, args.length);
    strict[args.length] = "--strict";
    assertEquals(1, HrnetCommand.execute(strict));
  }

  @Test
  void missingRootFailsNamingIt() {
    String cfg = conf().resolve("camvid/seg_hrnet_w18_small_v1_camvid.yaml").toString();
    int code = HrnetCommand.execute("prepare", "--cfg", cfg, "DATASET.ROOT", dir.resolve("absent").toString(),
        "OUTPUT_DIR", dir.resolve("out").toString());
    assertEquals(1, code);
    assertTrue(output.err().contains("absent") && output.err().contains("is not a directory"), output.err());
  }

  private static Path camvid() {
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("shared/data/camvid"))) {
        return d.resolve("shared/data/camvid");
      }
    }
    assumeTrue(false, "skipped: ../shared/data/camvid not found");
    return null;
  }

  private static Path conf() {
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("conf/camvid"))) {
        return d.resolve("conf");
      }
    }
    throw new IllegalStateException("conf/ not found");
  }
}
