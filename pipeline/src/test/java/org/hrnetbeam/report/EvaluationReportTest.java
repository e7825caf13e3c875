package org.hrnetbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.hrnetbeam.metrics.ConfusionMatrix;
import org.hrnetbeam.metrics.SegmentationMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

  private static SegmentationMetrics metrics() {
    // 3 CamVid classes seen, the rest absent: sky right, building half right, road never predicted
    int[] gt = {0, 0, 1, 1, 3, 11};
    int[] pred = {0, 0, 1, 0, 1, 5};
    return new ConfusionMatrix(11, 11).add(pred, gt).finish();
  }

  @Test
  void writesAnOfflineReportWhoseEveryPictureExistsBesideIt(@TempDir Path dir) throws Exception {
    TrainingLog log = TrainingLog.parse("""
        {"iteration": 0, "epoch": 0, "lr": 0.01, "loss": 2.5}
        {"iteration": 10, "epoch": 0, "lr": 0.009, "loss": 1.5}
        {"epoch": 1, "mIoU": 0.2}
        """, "log");
    int[] labels = {0, 1, 3, 3};
    BufferedImage photo = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    Map<String, BufferedImage> panels = Map.of("0016E5_07959",
        ComparisonPanel.draw(photo, labels, labels, 2, 2, Palette.camvid(), "0016E5_07959"));
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("config", "seg_hrnet_w18_small_v1_camvid <&>");
    Path html = new EvaluationReport("CamVid val", metrics(), Palette.camvid(), log, panels, facts).write(dir);

    String text = Files.readString(html);
    Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(text);
    int images = 0;
    while (src.find()) {
      Path picture = dir.resolve(src.group(1));
      assertTrue(Files.isRegularFile(picture), "missing " + picture);
      assertTrue(ImageIO.read(picture.toFile()).getWidth() > 0);
      assertTrue(!src.group(1).contains(":") && !src.group(1).startsWith("/"), "links must be relative");
      images++;
    }
    assertEquals(5, images, "IoU chart, three curves, one panel");
    assertTrue(text.contains("seg_hrnet_w18_small_v1_camvid &lt;&amp;&gt;"), "facts are escaped");
    assertTrue(text.contains("pedestrian (absent)"));
    assertTrue(!text.contains("http"), "nothing is fetched from the network");

    JsonNode json = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    assertEquals(metrics().meanIou(), json.get("mIoU").asDouble(), 1e-12);
    assertEquals("sky", json.get("classes").get(0).get("name").asText());
    assertEquals(2, json.get("classes").get(0).get("gt_pixels").asLong());
  }

  @Test
  void aPaletteOfTheWrongSizeFailsNamingTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EvaluationReport("x",
        metrics(), Palette.cityscapes(), TrainingLog.empty(), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("DATASET.NUM_CLASSES"), e.getMessage());
  }
}
