package org.hrnetbeam.cli;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * What a runner burns while one long DoFn runs: a one-element pipeline whose DoFn sleeps, timed
 * by the process CPU used during the sleep. A runner that waits properly uses next to nothing;
 * DirectRunner with a free pool thread spins its scheduling loop on it (apache/beam#18070), which
 * is why {@link StageOptions} gives it one thread per busy DoFn. Usage:
 * {@code RunnerIdleBenchmark [SLEEP_SECONDS]} (default 8); prints one row per runner setting.
 */
public final class RunnerIdleBenchmark {
  private static final List<List<String>> SETTINGS = List.of(
      List.of("--runner=DirectRunner", "--targetParallelism=1"),
      List.of("--runner=DirectRunner", "--targetParallelism=2"),
      List.of("--runner=DirectRunner"),
      List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=1"));

  private RunnerIdleBenchmark() {}

  public static void main(String[] args) {
    long sleepMillis = Math.round(1000 * (args.length > 0 ? Double.parseDouble(args[0]) : 8));
    System.out.printf(Locale.ROOT, "%-62s %8s %12s %12s%n", "runner options", "sleep s", "CPU s", "cores busy");
    for (List<String> setting : SETTINGS) {
      Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs(setting.toArray(String[]::new)).create());
      p.apply(Create.of(sleepMillis)).apply(ParDo.of(new SleepAndReport(String.join(" ", setting))));
      p.run().waitUntilFinish();
    }
  }

  /** Sleeps for its element's milliseconds and prints the CPU the whole process used meanwhile. */
  private static final class SleepAndReport extends DoFn<Long, Long> {
    private final String label;

    SleepAndReport(String label) {
      this.label = label;
    }

    @ProcessElement
    public void process(@Element Long millis, OutputReceiver<Long> out) throws InterruptedException {
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      Thread.sleep(millis);
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      double wall = (System.nanoTime() - wall0) / 1e9;
      System.out.printf(Locale.ROOT, "%-62s %8.2f %12.2f %12.2f%n", label, wall, cpu, cpu / wall);
      out.output(millis);
    }
  }
}
