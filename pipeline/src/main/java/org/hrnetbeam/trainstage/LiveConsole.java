package org.hrnetbeam.trainstage;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where worker 0 prints its live progress line: the stream the driver registered for the run when
 * the worker shares the driver's JVM (DirectRunner, embedded Flink), else standard output (a
 * cluster worker's log).
 */
final class LiveConsole {
  private static final Map<String, PrintStream> STREAMS = new ConcurrentHashMap<>();

  private LiveConsole() {
  }

  static void register(String runId, PrintStream console) {
    STREAMS.put(runId, console);
  }

  static void unregister(String runId) {
    STREAMS.remove(runId);
  }

  static PrintStream of(String runId) {
    return STREAMS.getOrDefault(runId, System.out);
  }
}
