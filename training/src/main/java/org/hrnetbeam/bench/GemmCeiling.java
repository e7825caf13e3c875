package org.hrnetbeam.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How fast this machine multiplies large float32 matrices right now: the practical ceiling of its
 * cores, printed as a Markdown table.
 *
 * <p>Why: the reference timings were taken on "this machine" at one moment, and the same
 * build's train step has been seen 20–25% slower at another (docs/PERFORMANCE.md, "The same build in two
 * host states"): the host the 2 virtual cores run on is shared. Running this
 * beside a benchmark says which state the host was in; issue 4 puts the ceiling at 170–195 GFLOP/s.
 *
 * <p>Usage: {@code GemmCeiling [SIZE=4096] [REPEATS=5]}; one warm-up product, then the median.
 */
public final class GemmCeiling {
  private GemmCeiling() {
  }

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Nd4j.getRandom().setSeed(1);
    INDArray a = Nd4j.rand(DataType.FLOAT, size, size);
    INDArray b = Nd4j.rand(DataType.FLOAT, size, size);
    INDArray c = Nd4j.create(DataType.FLOAT, size, size);
    a.mmuli(b, c);
    List<Double> millis = new ArrayList<>();
    List<Double> cpuMillis = new ArrayList<>();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < repeats; i++) {
      long cpu = os.getProcessCpuTime();
      long start = System.nanoTime();
      a.mmuli(b, c);
      millis.add((System.nanoTime() - start) / 1e6);
      cpuMillis.add((os.getProcessCpuTime() - cpu) / 1e6);
    }
    double median = median(millis);
    double flops = 2.0 * size * size * (double) size;
    System.out.println("| size | threads (OMP) | median ms | CPU ms | GFLOP/s |");
    System.out.println("| --- | --- | --- | --- | --- |");
    System.out.printf("| %d×%d | %s | %.0f | %.0f | %.1f |%n", size, size,
        System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), median, median(cpuMillis),
        flops / (median / 1e3) / 1e9);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
