package org.hrnetbeam.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochPlanTest {
  private static final List<Path> SHARDS =
      IntStream.range(0, 10).mapToObj(i -> Path.of(String.format("train-%05d-of-00010.tfrecord", i))).toList();

  private static DataSettings settings(boolean shuffle, long seed) {
    return new DataSettings(2, shuffle, 8, 2, true, true, 1, 255, seed);
  }

  @Test
  void workerWGetsShardsWPlusMultiplesOfW() {
    EpochPlan w1 = EpochPlan.of(SHARDS, 1, 3, 0, 1, settings(false, 0));
    assertEquals(List.of(SHARDS.get(1), SHARDS.get(4), SHARDS.get(7)), w1.shards());
    Set<Path> all = new HashSet<>();
    int total = 0;
    for (int w = 0; w < 3; w++) {
      List<Path> mine = EpochPlan.of(SHARDS, w, 3, 5, 1, settings(true, 42)).shards();
      all.addAll(mine);
      total += mine.size();
    }
    assertEquals(10, total);
    assertEquals(new HashSet<>(SHARDS), all);
  }

  @Test
  void shardOrderIsReproducibleAndDiffersBetweenEpochs() {
    List<List<Path>> orders = new ArrayList<>();
    for (int epoch = 0; epoch < 4; epoch++) {
      EpochPlan a = EpochPlan.of(SHARDS, 0, 1, epoch, 1, settings(true, 7));
      EpochPlan b = EpochPlan.of(SHARDS, 0, 1, epoch, 1, settings(true, 7));
      assertEquals(a, b);
      assertEquals(new HashSet<>(SHARDS), new HashSet<>(a.shards()));
      orders.add(a.shards());
    }
    assertEquals(4, new HashSet<>(orders).size(), "each epoch has its own order");
    assertNotEquals(EpochPlan.of(SHARDS, 0, 1, 0, 1, settings(true, 7)).shuffleSeed(),
        EpochPlan.of(SHARDS, 0, 1, 1, 1, settings(true, 7)).shuffleSeed());
    assertNotEquals(orders.get(0), EpochPlan.of(SHARDS, 0, 1, 0, 1, settings(true, 8)).shards());
    assertEquals(SHARDS, EpochPlan.of(SHARDS, 0, 1, 3, 1, settings(false, 7)).shards());
  }

  @Test
  void eachEpochKeepsTheNextAugmentedCopy() {
    for (int epoch = 0; epoch < 9; epoch++) {
      assertEquals(epoch % 4, EpochPlan.of(SHARDS, 0, 1, epoch, 4, settings(true, 1)).copy());
    }
    assertEquals(-1, EpochPlan.of(SHARDS, 0, 1, 3, 1, settings(true, 1)).copy());
    DataSettings everyRecord = new DataSettings(2, true, 8, 2, false, true, 1, 255, 1);
    assertEquals(-1, EpochPlan.of(SHARDS, 0, 1, 3, 4, everyRecord).copy());
  }

  @Test
  void moreWorkersThanShardsIsAnErrorThatSaysWhatToChange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EpochPlan.of(SHARDS.subList(0, 2), 0, 3, 0, 1, settings(true, 1)));
    assertTrue(e.getMessage().contains("PIPELINE.NUM_SHARDS"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EpochPlan.of(SHARDS, 3, 3, 0, 1, settings(true, 1)));
  }
}
