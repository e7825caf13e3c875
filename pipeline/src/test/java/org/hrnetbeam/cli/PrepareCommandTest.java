package org.hrnetbeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hrnet prepare} end to end: summary line, exit codes with and without --strict. */
class PrepareCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

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
    assertTrue(out.toString().contains("prepare: wrote 2 records from 2 of 3 samples; rejected 1 (missing_label: 1)"), out.toString());
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
    assertTrue(err.toString().contains("absent") && err.toString().contains("is not a directory"), err.toString());
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
