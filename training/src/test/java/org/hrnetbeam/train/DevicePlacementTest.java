package org.hrnetbeam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Workers spread over devices as worker mod devices; on the CPU backend all share device 0. */
class DevicePlacementTest {
  @Test
  void workersTakeTheirIdModuloTheDeviceCount() {
    List<Integer> onTwo = new ArrayList<>();
    List<Integer> onFour = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      onTwo.add(DevicePlacement.deviceFor(w, 2));
      onFour.add(DevicePlacement.deviceFor(w, 4));
      assertEquals(0, DevicePlacement.deviceFor(w, 1), "one device: every worker on it");
    }
    assertEquals(List.of(0, 1, 0, 1, 0, 1), onTwo);
    assertEquals(List.of(0, 1, 2, 3, 0, 1), onFour);
  }

  @Test
  void aNegativeWorkerOrNoDeviceIsRefusedNamingTheValue() {
    IllegalArgumentException worker = assertThrows(IllegalArgumentException.class,
        () -> DevicePlacement.deviceFor(-1, 2));
    assertTrue(worker.getMessage().contains("-1"), worker.getMessage());
    IllegalArgumentException devices = assertThrows(IllegalArgumentException.class,
        () -> DevicePlacement.deviceFor(0, 0));
    assertTrue(devices.getMessage().contains("0 devices"), devices.getMessage());
  }

  @Test
  void onTheCpuBackendAThreadOfAnyWorkerIsOnDeviceZeroAndStillComputes() throws Exception {
    assertEquals(1, Nd4j.getAffinityManager().getNumberOfDevices(), "this test expects the CPU backend");
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      double sum = thread.submit(() -> {
        assertEquals(0, DevicePlacement.attachCurrentThread(3));
        return Nd4j.ones(4).sumNumber().doubleValue();
      }).get();
      assertEquals(4.0, sum);
    } finally {
      thread.shutdown();
    }
  }
}
