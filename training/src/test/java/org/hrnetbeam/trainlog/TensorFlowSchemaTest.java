package org.hrnetbeam.trainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.framework.Summary;

/**
 * Our summaries parse with the class TensorFlow generates from its own summary.proto: ND4J ships
 * it ({@code org.tensorflow.framework.Summary} in nd4j-api, for TensorFlow model import). ND4J has
 * no Event class, so the Event envelope is checked by {@link EventFileReading}'s hand parser.
 */
class TensorFlowSchemaTest {
  @TempDir Path dir;

  @Test
  void tensorFlowsSummaryClassReadsOurScalars() throws Exception {
    Path file;
    try (EventFileWriter w = EventFileWriter.create(dir, 0)) {
      file = w.path();
      w.scalar("valid_mIoU", 0.75, 4242, 1234.5);
      w.scalar("train_loss", 1.5e-3, 4243, 1235.5);
    }
    List<byte[]> records = EventFileReading.records(file);
    assertEquals(3, records.size());
    Summary first = Summary.parseFrom(EventFileReading.summaryBytes(records.get(1)));
    assertEquals(1, first.getValueCount());
    assertEquals("valid_mIoU", first.getValue(0).getTag());
    assertEquals(Summary.Value.ValueCase.SIMPLE_VALUE, first.getValue(0).getValueCase());
    assertEquals(0.75f, first.getValue(0).getSimpleValue());
    Summary second = Summary.parseFrom(EventFileReading.summaryBytes(records.get(2)));
    assertEquals("train_loss", second.getValue(0).getTag());
    assertEquals(1.5e-3f, second.getValue(0).getSimpleValue());
  }
}
