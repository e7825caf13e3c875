package org.hrnetbeam.remap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.ingest.SharedData;
import org.junit.jupiter.api.Test;

class LabelMapTest {
  /** cityscapesScripts labels.py: the ids that have a trainId, in trainId order. */
  private static final int[] CITYSCAPES_EVAL_IDS = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33};

  @Test
  void cityscapesMapIsTheBenchmarkTable() throws IOException {
    LabelMap map = LabelMaps.load("cityscapes");
    assertEquals(19, map.numClasses());
    assertEquals(255, map.ignore());
    for (int id = -1; id <= 40; id++) {
      int expected = 255;
      for (int t = 0; t < CITYSCAPES_EVAL_IDS.length; t++) {
        if (CITYSCAPES_EVAL_IDS[t] == id) {
          expected = t;
        }
      }
      assertEquals(expected, map.apply(id), "labelId " + id);
    }
    for (int t = 0; t < 19; t++) {
      assertEquals(CITYSCAPES_EVAL_IDS[t], map.invert(t), "inverse of trainId " + t);
    }
    assertEquals(0, map.invert(255));
  }

  @Test
  void realCityscapesLabelIdsRemapLikeTheStoredTrainIds() throws IOException, Exception {
    Path dir = SharedData.dataset("cityscapes-sample").resolve("gtFine/val/frankfurt");
    LabelImage ids = decode(dir.resolve("frankfurt_000000_000294_gtFine_labelIds.png"));
    LabelImage stored = decode(dir.resolve("frankfurt_000000_000294_gtFine_labelTrainIds.png"));
    RemappedLabel r = LabelRemapper.remap(ids, LabelMaps.load("cityscapes"));
    int differing = 0;
    for (int i = 0; i < ids.values().length; i++) {
      if ((r.label().ids()[i] & 0xFF) != stored.values()[i]) {
        differing++;
      }
    }
    // PROVENANCE.md: the stored trainId file was downsampled separately; 77 boundary pixels differ.
    assertEquals(77, differing);
    assertTrue(r.unmapped().isEmpty(), "every labelId of the frame is covered");
    // Values present per PROVENANCE.md: 7:9740 (road), 11:12744 (building), 26:1802 (car).
    assertEquals(9740, r.classPixels()[0]);
    assertEquals(12744, r.classPixels()[2]);
    assertEquals(1802, r.classPixels()[13]);
  }

  @Test
  void uncoveredValuesBecomeIgnoreAndAreCounted() throws IOException {
    LabelMap map = LabelMaps.load("cityscapes");
    LabelImage label = new LabelImage(4, 1, new int[] {7, 40, 40, 1000});
    RemappedLabel r = LabelRemapper.remap(label, map);
    assertEquals(Map.of(40, 2L, 1000, 1L), r.unmapped());
    assertEquals(0, r.label().value(0, 0));
    assertEquals(255, r.label().value(1, 0));
    assertEquals(255, r.label().value(3, 0));
  }

  @Test
  void camvidVoidIsIgnoreAndClassesStay() throws Exception {
    LabelMap map = LabelMaps.load("camvid");
    assertEquals(11, map.numClasses());
    for (int v = 0; v <= 10; v++) {
      assertEquals(v, map.apply(v));
      assertEquals(v, map.invert(v));
    }
    assertEquals(255, map.apply(11));
    assertTrue(map.covers(11));
    assertEquals(11, map.invert(255));
    Path file = SharedData.dataset("camvid").resolve("trainannot/0001TP_006690.png");
    RemappedLabel r = LabelRemapper.remap(decode(file), map);
    assertTrue(r.unmapped().isEmpty());
    for (int v : r.label().toLabelImage().values()) {
      assertTrue(v <= 10 || v == 255, "value " + v);
    }
  }

  @Test
  void reduceZeroLabelShiftsDown() throws IOException {
    LabelMap map = LabelMaps.load("reduce_zero_label");
    assertEquals(150, map.numClasses());
    assertEquals(255, map.apply(0));
    assertEquals(0, map.apply(1));
    assertEquals(149, map.apply(150));
    assertEquals(150, map.invert(149));
    assertTrue(!map.covers(151));
  }

  @Test
  void identityKeepsTrainIds() throws IOException {
    LabelMap map = LabelMaps.load("identity");
    for (int v = 0; v < 19; v++) {
      assertEquals(v, map.apply(v));
    }
    assertEquals(255, map.apply(255));
  }

  @Test
  void everyMapSurvivesJavaSerializationCompactly() throws Exception {
    for (String name : new String[] {"cityscapes", "camvid", "reduce_zero_label", "identity"}) {
      LabelMap map = LabelMaps.load(name);
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(map);
      }
      // Beam serializes the map with each DoFn that holds it: the covered entries, not the 65,536-entry table.
      assertTrue(bytes.size() < 8_000, name + " serialized to " + bytes.size() + " bytes");
      LabelMap copy;
      try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
          new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        copy = (LabelMap) in.readObject();
      }
      assertEquals(map.name(), copy.name());
      assertEquals(map.ignore(), copy.ignore());
      assertEquals(map.classes(), copy.classes());
      for (int v = -1; v <= LabelMap.MAX_SOURCE_VALUE + 1; v++) {
        assertEquals(map.apply(v), copy.apply(v), name + ": source value " + v);
        assertEquals(map.covers(v), copy.covers(v), name + ": covers " + v);
      }
      for (int t = 0; t < map.numClasses(); t++) {
        assertEquals(map.invert(t), copy.invert(t), name + ": inverse of " + t);
      }
      assertEquals(map.invert(map.ignore()), copy.invert(copy.ignore()));
    }
  }

  @Test
  void badMapFilesNameTheProblem() {
    IOException e = assertThrows(IOException.class, () -> LabelMap.parse("x",
        new StringReader("ignore: 255\nclasses: [a, b]\nmap: {3: 5}\n"), "x.yaml"));
    assertTrue(e.getMessage().contains("x.yaml") && e.getMessage().contains("5"), e.getMessage());
    IOException missing = assertThrows(IOException.class, () -> LabelMaps.load("no_such_map"));
    assertTrue(missing.getMessage().contains("no_such_map"), missing.getMessage());
  }

  private static LabelImage decode(Path file) throws Exception {
    return ImageDecoder.decodeLabel(Files.readAllBytes(file), file.toString());
  }
}
