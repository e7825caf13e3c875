package org.hrnetbeam.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Timing helpers of the channels-last step's piece benchmarks: one run's clocks, medians, load. */
final class StepTiming {
  private StepTiming() {
  }

  /** {wall ms, process CPU ms, this thread's CPU ms} of one run. */
  static double[] timed(Runnable work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = processCpuNanos();
    long thread0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    work.run();
    long t1 = System.nanoTime();
    return new double[]{(t1 - t0) / 1e6, (processCpuNanos() - cpu0) / 1e6,
        (threads.getCurrentThreadCpuTime() - thread0) / 1e6};
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The 1-, 5- and 15-minute load averages: whether other work shared the cores. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
