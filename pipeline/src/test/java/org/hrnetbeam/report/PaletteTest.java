package org.hrnetbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PaletteTest {

  @Test
  void cityscapesHasTheNineteenOfficialColoursInTrainIdOrder() {
    Palette p = Palette.cityscapes();
    assertEquals(19, p.size());
    assertEquals(0x804080, p.colour(0));   // road (128,64,128)
    assertEquals(0x4682B4, p.colour(10));  // sky (70,130,180)
    assertEquals(0x770B20, p.colour(18));  // bicycle (119,11,32)
    assertEquals("traffic light", p.classes().get(6));
    assertEquals(Palette.VOID, p.colour(255));
    assertEquals(Palette.VOID, p.colour(-1));
  }

  @Test
  void camvidMatchesTheSharedClassTable() throws Exception {
    Path csv = shared("data/camvid/classes.csv");
    List<String> lines = Files.readAllLines(csv);
    Palette p = Palette.camvid();
    int checked = 0;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      int label = Integer.parseInt(f[0]);
      int rgb = (Integer.parseInt(f[2]) << 16) | (Integer.parseInt(f[3]) << 8) | Integer.parseInt(f[4]);
      if (label < p.size()) {
        assertEquals(rgb, p.colour(label), "CamVid class " + label + " " + f[1]);
        checked++;
      } else {
        assertEquals(rgb, Palette.VOID, "the void class is drawn black");
      }
    }
    assertEquals(11, checked);
  }

  @Test
  void datasetsGetTheirPaletteAndOthersAGenericOneWithoutBlack() {
    assertEquals("cityscapes", Palette.forDataset("cityscapes", 19).name());
    assertEquals("camvid", Palette.forDataset("CamVid", 11).name());
    Palette other = Palette.forDataset("cityscapes", 7);
    assertEquals(7, other.size());
    Palette ade = Palette.forDataset("ade20k", 150);
    Set<Integer> distinct = new HashSet<>();
    for (int c = 0; c < ade.size(); c++) {
      assertNotEquals(Palette.VOID, ade.colour(c));
      distinct.add(ade.colour(c));
    }
    assertEquals(150, distinct.size());
    assertThrows(IllegalArgumentException.class, () -> Palette.generic("x", 0));
  }

  static Path shared(String relative) {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    Assumptions.assumeTrue(false, "shared/" + relative + " not found above the working directory; skipping");
    return null;
  }
}
