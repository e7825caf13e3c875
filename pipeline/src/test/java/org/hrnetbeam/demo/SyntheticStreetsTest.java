package org.hrnetbeam.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hrnetbeam.imageio.ImageDecoder;
import org.hrnetbeam.imageio.LabelImage;
import org.hrnetbeam.imageio.RgbImage;
import org.hrnetbeam.ingest.DatasetLayout;
import org.hrnetbeam.ingest.SampleLister;
import org.hrnetbeam.ingest.SampleRef;
import org.hrnetbeam.ingest.Split;
import org.hrnetbeam.remap.LabelMap;
import org.hrnetbeam.remap.LabelMaps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic street scenes: Cityscapes layout, determinism, valid and varied labels. */
class SyntheticStreetsTest {
  @TempDir Path dir;

  private static final DemoDataset SMALL = new DemoDataset(304, 5, 2, 128, 64);

  @Test
  void theCityscapesIngestFindsEveryFrameWithItsLabel() throws Exception {
    Path root = dir.resolve("data");
    SyntheticStreets.write(root, SMALL);
    SampleLister lister = new SampleLister(root, DatasetLayout.CITYSCAPES);
    List<SampleRef> train = lister.list(Split.TRAIN, "train");
    List<SampleRef> val = lister.list(Split.VAL, "val");
    assertEquals(5, train.size());
    assertEquals(2, val.size());
    for (SampleRef ref : train) {
      assertTrue(ref.id().matches("leftImg8bit/train/demo(town|burg)/demo(town|burg)_\\d{6}_000019_leftImg8bit\\.png"),
          ref.id());
      assertTrue(Files.isRegularFile(Path.of(ref.label())), ref.label());
      RgbImage image = ImageDecoder.decodeColour(Files.readAllBytes(Path.of(ref.image())), ref.image());
      assertEquals(128, image.width());
      assertEquals(64, image.height());
    }
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOtherPictures() throws IOException {
    SyntheticStreets.write(dir.resolve("a"), SMALL);
    SyntheticStreets.write(dir.resolve("b"), SMALL);
    SyntheticStreets.write(dir.resolve("c"), new DemoDataset(305, 5, 2, 128, 64));
    List<Path> files = files(dir.resolve("a"));
    assertEquals(2 * 7 + 1, files.size());
    for (Path relative : files) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(relative)),
          Files.readAllBytes(dir.resolve("b").resolve(relative)), relative.toString());
    }
    Path first = Path.of("leftImg8bit/train/demotown/demotown_000000_000019_leftImg8bit.png");
    assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("a").resolve(first)),
        Files.readAllBytes(dir.resolve("c").resolve(first))));
  }

  @Test
  void labelsAreCityscapesIdsWithSeveralClassesPerFrame() throws IOException {
    LabelMap cityscapes = LabelMaps.load("cityscapes");
    Set<Integer> allowed = Arrays.stream(CityscapesIds.ALL).boxed().collect(Collectors.toSet());
    Set<Integer> seenOverall = new TreeSet<>();
    for (int i = 0; i < 12; i++) {
      LabelImage labels = StreetScene.render(SyntheticStreets.frameSeed(304, 1, i), 256, 128).labels();
      Set<Integer> trainIds = new TreeSet<>();
      for (int v : labels.values()) {
        assertTrue(allowed.contains(v), "label id " + v + " in frame " + i);
        int t = cityscapes.apply(v);
        if (t != cityscapes.ignore()) {
          trainIds.add(t);
        }
      }
      assertTrue(trainIds.size() >= 6, "frame " + i + " has only train ids " + trainIds);
      assertTrue(trainIds.containsAll(Set.of(0, 2)), "frame " + i + " lacks road or building: " + trainIds);
      seenOverall.addAll(trainIds);
    }
    // road, sidewalk, building, pole, traffic sign, vegetation, terrain, sky, person, car at least
    assertTrue(seenOverall.containsAll(Set.of(0, 1, 2, 5, 7, 8, 9, 10, 11, 13)), "classes seen: " + seenOverall);
  }

  @Test
  void colourAloneDoesNotSeparateTheClasses() {
    // The mean colour of road and of building facades must overlap across frames: many frames
    // have a road brighter than some other frame's building.
    int overlaps = 0;
    double maxRoad = 0;
    double minBuilding = 255;
    for (int i = 0; i < 12; i++) {
      StreetScene.Rendered scene = StreetScene.render(SyntheticStreets.frameSeed(304, 1, i), 256, 128);
      maxRoad = Math.max(maxRoad, meanBrightness(scene, CityscapesIds.ROAD));
      minBuilding = Math.min(minBuilding, meanBrightness(scene, CityscapesIds.BUILDING));
    }
    assertTrue(maxRoad > minBuilding, "road up to " + maxRoad + ", buildings from " + minBuilding);
  }

  @Test
  void aRootHoldingTheSameDatasetIsLeftAloneAndAnotherSeedRewritesIt() throws IOException {
    Path root = dir.resolve("data");
    assertEquals(7, SyntheticStreets.write(root, SMALL).generated());
    assertEquals(0, SyntheticStreets.write(root, SMALL).generated());
    assertTrue(SyntheticStreets.holds(root, SMALL));
    DemoDataset other = new DemoDataset(9, 5, 2, 128, 64);
    assertFalse(SyntheticStreets.holds(root, other));
    assertEquals(7, SyntheticStreets.write(root, other).generated());
  }

  private static double meanBrightness(StreetScene.Rendered scene, int labelId) {
    double sum = 0;
    int n = 0;
    int[] labels = scene.labels().values();
    for (int p = 0; p < labels.length; p++) {
      if (labels[p] == labelId) {
        int x = p % scene.image().width();
        int y = p / scene.image().width();
        sum += scene.image().sample(x, y, 0) + scene.image().sample(x, y, 1) + scene.image().sample(x, y, 2);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / (3 * n);
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
