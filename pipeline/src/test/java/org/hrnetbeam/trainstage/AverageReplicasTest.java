package org.hrnetbeam.trainstage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The round average: element-wise mean in worker order whatever the merge order; one worker copied. */
class AverageReplicasTest {
  private final AverageReplicas fn = new AverageReplicas();

  private static RoundState worker(int id, float p0, float p1, float m0, double loss) {
    return new RoundState(id, new float[]{p0, p1}, new float[]{m0}, new double[]{loss}, new long[]{10L * (id + 1)},
        new long[]{id});
  }

  @Test
  void theAverageIsTheElementWiseMeanAndIgnoresTheMergeOrder() {
    // 0.1f + 0.2f + 0.3f summed in different orders differs in float; the result must not.
    RoundState a = worker(0, 0.1f, 1e8f, 2f, 1.0);
    RoundState b = worker(1, 0.2f, 1f, 4f, 2.0);
    RoundState c = worker(2, 0.3f, -1e8f, 6f, 3.0);
    AverageReplicas.Collected left = fn.addInput(fn.addInput(fn.createAccumulator(), c), a);
    AverageReplicas.Collected right = fn.addInput(fn.createAccumulator(), b);
    RoundState one = fn.extractOutput(fn.mergeAccumulators(List.of(left, right)));
    RoundState other = fn.extractOutput(fn.mergeAccumulators(List.of(
        fn.addInput(fn.createAccumulator(), b), fn.addInput(fn.addInput(fn.createAccumulator(), a), c))));
    assertArrayEquals(one.params(), other.params());
    assertEquals(RoundState.AVERAGE, one.worker());
    assertEquals((float) ((0.1f + (double) 0.2f + 0.3f) / 3), one.params()[0]);
    assertEquals((float) ((1e8 + 1 - 1e8) / 3), one.params()[1]);
    assertArrayEquals(new float[]{4f}, one.momentum());
    assertArrayEquals(new double[]{2.0}, one.losses());
    assertArrayEquals(new long[]{20}, one.iterationNanos());
  }

  @Test
  void oneWorkersVectorsAreTakenAsTheyAre() {
    RoundState only = worker(0, 0.1f, Float.MIN_VALUE, 3f, 1.5);
    RoundState avg = fn.extractOutput(fn.addInput(fn.createAccumulator(), only));
    assertSame(only.params(), avg.params());
    assertSame(only.momentum(), avg.momentum());
  }

  @Test
  void aWorkerReportingTwiceOrNoWorkerAtAllIsAnError() {
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> fn.extractOutput(
        fn.addInput(fn.addInput(fn.createAccumulator(), worker(1, 0, 0, 0, 0)), worker(1, 0, 0, 0, 0))));
    assertTrue(twice.getMessage().contains("worker 1 reported the round twice"), twice.getMessage());
    assertThrows(IllegalStateException.class, () -> fn.extractOutput(fn.createAccumulator()));
  }

  @Test
  void theCoderRoundTripsEveryField() throws Exception {
    RoundState s = worker(3, 1.5f, -2.25f, 7f, 0.125);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new RoundState.Coder().encode(s, bytes);
    RoundState back = new RoundState.Coder().decode(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(3, back.worker());
    assertArrayEquals(s.params(), back.params());
    assertArrayEquals(s.momentum(), back.momentum());
    assertArrayEquals(s.losses(), back.losses());
    assertArrayEquals(s.iterationNanos(), back.iterationNanos());
    assertArrayEquals(s.dataNanos(), back.dataNanos());
  }
}
