package org.hrnetbeam.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLogTest {

  @Test
  void readsStepsAndValidationsAndSkipsOtherRecords() {
    String text = """
        {"iteration": 0, "epoch": 0, "lr": 0.01, "loss": 2.9}
        {"iteration": 20, "epoch": 0, "lr": 0.0099, "loss": 2.1}

        {"event": "checkpoint", "epoch": 0}
        {"epoch": 1, "mIoU": 0.123, "valid_loss": 1.7}
        """;
    TrainingLog log = TrainingLog.parse(text, "train_log.jsonl");
    assertEquals(2, log.steps().size());
    assertEquals(new TrainingLog.Step(20, 0, 0.0099, 2.1), log.steps().get(1));
    assertEquals(1, log.validations().size());
    assertEquals(0.123, log.validations().get(0).meanIou());
  }

  @Test
  void badLinesFailNamingFileLineAndKey() {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> TrainingLog.parse("{\"iteration\": 1, \"lr\": 0.1, \"loss\": 1}\n{\"iteration\": 2, \"loss\": 1}",
            "run/train_log.jsonl"));
    assertTrue(missing.getMessage().startsWith("run/train_log.jsonl:2: missing key 'lr'"), missing.getMessage());
    IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
        () -> TrainingLog.parse("{oops", "f"));
    assertTrue(garbage.getMessage().startsWith("f:1: not a JSON object"), garbage.getMessage());
    IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
        () -> TrainingLog.parse("{\"iteration\": 1, \"lr\": \"fast\", \"loss\": 1}", "f"));
    assertTrue(type.getMessage().contains("'lr' must be a number"), type.getMessage());
  }

  @Test
  void readsTheTrainersTypedLines() {
    String text = """
        {"type":"train","epoch":0,"epochs":2,"iteration":10,"epoch_iters":20,"step":10,"lr":[0.0099,0.099],"loss":1.9,"time_s":1.2}
        {"type":"train","epoch":1,"epochs":2,"iteration":0,"epoch_iters":20,"step":20,"lr":[0.005,0.05],"loss":1.2}
        {"type":"valid","epoch":1,"step":20,"loss":1.4,"mIoU":0.31,"wall_time":1.7e9}
        """;
    TrainingLog log = TrainingLog.parse(text, "train_log.jsonl");
    assertEquals(List.of(new TrainingLog.Step(10, 0, 0.0099, 1.9), new TrainingLog.Step(20, 1, 0.005, 1.2)),
        log.steps());
    assertEquals(List.of(new TrainingLog.Validation(1, 0.31)), log.validations());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingLog.parse("{\"type\":\"train\",\"step\":1,\"lr\":[],\"loss\":1}", "f"));
    assertTrue(e.getMessage().startsWith("f:1: 'lr' must be a number or a list"), e.getMessage());
  }
}
