package org.hrnetbeam.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The iterations of the current epoch done so far, each with its loss (the mean over workers) and
 * times. A mid-epoch checkpoint stores it so that a resumed run feeds the same values to its
 * progress averages and rewrites the epoch's log lines as the uninterrupted run wrote them;
 * {@link #count()} is where the epoch goes on. A few hundred iterations per epoch make this a few
 * kilobytes.
 *
 * @param losses each iteration's loss, in order
 * @param iterationNanos each iteration's wall time, data wait included
 * @param dataNanos each iteration's wait for its batch
 */
public record EpochProgress(double[] losses, long[] iterationNanos, long[] dataNanos) implements Serializable {
  private static final long serialVersionUID = 1L;

  public EpochProgress {
    if (losses.length != iterationNanos.length || losses.length != dataNanos.length) {
      throw new IllegalArgumentException("epoch progress arrays differ in length: " + losses.length + " losses, "
          + iterationNanos.length + " iteration times, " + dataNanos.length + " data times");
    }
  }

  /** No iteration done: an epoch's start. */
  public static EpochProgress none() {
    return new EpochProgress(new double[0], new long[0], new long[0]);
  }

  /** Iterations done, which is also the next iteration of the epoch. */
  public int count() {
    return losses.length;
  }

  /** This progress followed by {@code more}'s iterations. */
  public EpochProgress then(double[] moreLosses, long[] moreIterationNanos, long[] moreDataNanos) {
    return new EpochProgress(concat(losses, moreLosses), concat(iterationNanos, moreIterationNanos),
        concat(dataNanos, moreDataNanos));
  }

  /** This progress followed by one more iteration. */
  public EpochProgress then(double loss, long iterationNanosOfStep, long dataNanosOfStep) {
    return then(new double[] {loss}, new long[] {iterationNanosOfStep}, new long[] {dataNanosOfStep});
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpochProgress p && Arrays.equals(losses, p.losses)
        && Arrays.equals(iterationNanos, p.iterationNanos) && Arrays.equals(dataNanos, p.dataNanos);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(losses) + Arrays.hashCode(iterationNanos)) + Arrays.hashCode(dataNanos);
  }

  @Override
  public String toString() {
    return "EpochProgress[" + count() + " iterations, losses " + Arrays.toString(losses) + "]";
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("losses", Arrays.stream(losses).boxed().toList());
    m.put("iteration_nanos", Arrays.stream(iterationNanos).boxed().toList());
    m.put("data_nanos", Arrays.stream(dataNanos).boxed().toList());
    return m;
  }

  /** From {@link #toMap()}'s form; {@code null} (a checkpoint from before mid-epoch checkpoints) is {@link #none()}. */
  static EpochProgress fromMap(Object value, String where) {
    if (value == null) {
      return none();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(where + ": training state entry 'epoch_progress' is not a mapping: " + value);
    }
    List<Number> l = numbers(m, "losses", where);
    List<Number> it = numbers(m, "iteration_nanos", where);
    List<Number> d = numbers(m, "data_nanos", where);
    return new EpochProgress(l.stream().mapToDouble(Number::doubleValue).toArray(),
        it.stream().mapToLong(Number::longValue).toArray(), d.stream().mapToLong(Number::longValue).toArray());
  }

  private static List<Number> numbers(Map<?, ?> m, String key, String where) {
    Object v = m.get(key);
    List<Number> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object o : list) {
        if (!(o instanceof Number n)) {
          throw new IllegalArgumentException(where + ": epoch_progress." + key + " holds a non-number: " + o);
        }
        out.add(n);
      }
      return out;
    }
    throw new IllegalArgumentException(where + ": epoch_progress." + key + " is missing or not a list: " + v);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
