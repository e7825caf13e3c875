package org.hrnetbeam.remap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.hrnetbeam.imageio.ByteLabel;
import org.hrnetbeam.imageio.LabelImage;
import org.junit.jupiter.api.Test;

class LabelRemapperTest {

  @Test
  void eightBitSourcesGiveWhatTheIntPathGivesForEveryShippedMap() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    for (String name : new String[] {"cityscapes", "camvid", "reduce_zero_label", "identity"}) {
      LabelMap map = LabelMaps.load(name);
      // Mostly small values (classes and the ids around them), some of every byte value.
      byte[] ids = new byte[61 * 37];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (byte) (random.nextInt(5) == 0 ? random.nextInt(256) : random.nextInt(40));
      }
      ByteLabel bytes = new ByteLabel(61, 37, ids);
      RemappedLabel viaInts = LabelRemapper.remap(bytes.toLabelImage(), map);
      RemappedLabel viaBytes = LabelRemapper.remap(bytes, map);
      assertEquals(viaInts.label(), viaBytes.label(), name);
      assertEquals(viaInts.unmapped(), viaBytes.unmapped(), name);
      assertArrayEquals(viaInts.classPixels(), viaBytes.classPixels(), name);
    }
  }

  @Test
  void unmappedEightBitValuesBecomeIgnoreAndAreCountedPerValue() throws Exception {
    LabelMap camvid = LabelMaps.load("camvid");
    // CamVid: 0..10 are classes, 11 is void (ignore); 12 and 200 are not in the map.
    ByteLabel source = new ByteLabel(3, 2, new byte[] {0, 11, 12, 10, (byte) 200, 12});
    RemappedLabel r = LabelRemapper.remap(source, camvid);
    int ignore = camvid.ignore();
    assertEquals(new LabelImage(3, 2, new int[] {0, ignore, ignore, 10, ignore, ignore}), r.label().toLabelImage());
    assertEquals(Map.of(12, 2L, 200, 1L), r.unmapped());
    long[] expected = new long[camvid.numClasses()];
    expected[0] = 1;
    expected[10] = 1;
    assertArrayEquals(expected, r.classPixels());
  }
}
