package org.hrnetbeam.trainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleLineTest {
  @Test
  void formatsLikeTheReferenceWithDataTimeImagesPerSecondAndEta() {
    ProgressRecord r = new ProgressRecord(3, 484, 120, 495, 1605, List.of(0.0098312, 0.098312),
        0.61234, 1.234, 0.0212, 3.24, 3723.4);
    assertEquals("Epoch: [3/484] Iter:[120/495], Time: 1.23s, data: 0.02s, lr: [0.00983, 0.0983], "
        + "Loss: 0.6123, 3.2 img/s, ETA 1:02:03", ConsoleLine.format(r));
  }

  @Test
  void etaCountsHoursPastADay() {
    assertEquals("133:20:00", ConsoleLine.duration(480_000));
    assertEquals("0:00:00", ConsoleLine.duration(-3));
    assertEquals("0", ConsoleLine.significant(0));
    assertEquals("0.01", ConsoleLine.significant(0.01));
  }

  @Test
  void trackerAveragesOverTheEpochAndRestartsWithTheNext() {
    ProgressTracker t = new ProgressTracker(20, 12);
    assertTrue(t.due(0));
    assertFalse(t.due(19));
    assertTrue(t.due(40));
    t.record(1.0, 2_000_000_000L, 500_000_000L);
    t.record(3.0, 4_000_000_000L, 100_000_000L);
    ProgressRecord r = t.snapshot(0, 10, 1, 100, 1, List.of(0.01), 998);
    assertEquals(2.0, r.averageLoss(), 1e-12);
    assertEquals(3.0, r.batchSeconds(), 1e-12);
    assertEquals(0.3, r.dataSeconds(), 1e-12);
    assertEquals(4.0, r.imagesPerSecond(), 1e-12);
    assertEquals(2994.0, r.etaSeconds(), 1e-9);
    t.startEpoch();
    assertThrows(IllegalStateException.class, () -> t.snapshot(1, 10, 0, 100, 100, List.of(0.01), 0));
    t.record(5.0, 1_000_000_000L, 0);
    assertEquals(5.0, t.snapshot(1, 10, 0, 100, 100, List.of(0.01), 0).averageLoss(), 0);
  }
}
