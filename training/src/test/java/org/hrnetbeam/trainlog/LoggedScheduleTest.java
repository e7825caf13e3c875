package org.hrnetbeam.trainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hrnetbeam.config.ExperimentConfig;
import org.hrnetbeam.schedule.ParameterGroups;
import org.hrnetbeam.schedule.PolyDecay;
import org.hrnetbeam.schedule.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces together, as the trainer will drive them: schedule → tracker → log. */
class LoggedScheduleTest {
  @TempDir Path dir;

  @Test
  void aTwoEpochRunLogsEveryPrintFreqIterationWithTheReferencesRates() throws IOException {
    ExperimentConfig config = ExperimentConfig.defaults().withOverrides(List.of("TRAIN.END_EPOCH", "2",
        "TRAIN.BATCH_SIZE_PER_GPU", "2", "PRINT_FREQ", "4", "TRAIN.NONBACKBONE_KEYWORDS", "['last_layer']"));
    Schedule schedule = Schedule.from(config, 21, 0);
    ParameterGroups groups = ParameterGroups.from(config);
    ProgressTracker tracker = new ProgressTracker(config.getInt("PRINT_FREQ"), 2);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    long step = 0;
    try (TrainLog log = TrainLog.open(dir, dir.resolve("tb"), false, new PrintStream(console, true, StandardCharsets.UTF_8), 0)) {
      for (int epoch = 0; epoch < schedule.totalEpochs(); epoch++) {
        tracker.startEpoch();
        for (long i = 0; i < schedule.itersInEpoch(epoch); i++, step++) {
          tracker.record(1.0 / (step + 1), 1_000_000, 0);
          if (tracker.due(i)) {
            log.iteration(tracker.snapshot(schedule.epochInPhase(epoch), schedule.phaseOf(epoch).epochs(), i,
                schedule.itersInEpoch(epoch), step, groups.groupRates(schedule.lrAfterStep(epoch, i)),
                schedule.stepsRemainingAfter(epoch, i)));
          }
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(dir.resolve(JsonlLog.FILE_NAME))) {
      lines.add(json.readTree(l));
    }
    // 21 samples / 2 -> 10 iterations per epoch; lines at 0, 4, 8 of each epoch.
    assertEquals(6, lines.size());
    assertEquals(List.of(0L, 4L, 8L, 10L, 14L, 18L), lines.stream().map(n -> n.get("step").asLong()).toList());
    JsonNode last = lines.get(5);
    assertEquals(1, last.get("epoch").asInt());
    assertEquals(8, last.get("iteration").asInt());
    assertEquals(PolyDecay.lr(0.01, 18, 20), last.get("lr").get(0).asDouble(), 1e-15);
    assertEquals(10 * PolyDecay.lr(0.01, 18, 20), last.get("lr").get(1).asDouble(), 1e-15);
    // Epoch 1's average covers its iterations 0..8 only (global steps 10..18).
    double mean = 0;
    for (int s = 10; s <= 18; s++) {
      mean += 1.0 / (s + 1) / 9;
    }
    assertEquals(mean, last.get("loss").asDouble(), 1e-12);
    assertEquals(1, last.get("eta_s").asDouble() / 1e-3, 1e-6);
    String[] out = console.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(6, out.length);
    // 0.01 · (1 − 18/20)^0.9 = 0.00126; 2 images per 1 ms step.
    assertEquals("Epoch: [1/2] Iter:[8/10], Time: 0.00s, data: 0.00s, lr: [0.00126, 0.0126], Loss: 0.0688, "
        + "2000.0 img/s, ETA 0:00:00", out[5]);
  }
}
