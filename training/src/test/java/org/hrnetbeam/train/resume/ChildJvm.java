package org.hrnetbeam.train.resume;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java main class run in a child JVM with the test's own classpath, its stdout and stderr
 * collected line by line, so a test can wait for a line, kill the child with SIGKILL
 * ({@link Process#destroyForcibly}) and look at what it printed.
 *
 * <p>The classpath is {@code java.class.path} as it is. Under surefire that may be a single
 * "booter" jar whose manifest {@code Class-Path} lists the real entries; the {@code java} launcher
 * follows that manifest for {@code -cp} too, so the same value works in both cases.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();
  private final long startNanos = System.nanoTime();

  private ChildJvm(Process process) {
    this.process = process;
    pump(process.getInputStream(), out, "child-stdout");
    pump(process.getErrorStream(), err, "child-stderr");
  }

  /**
   * Starts {@code mainClass} with {@code args}.
   *
   * @param fileSizeLimitKb when positive, the child runs under {@code ulimit -f} of that many KiB
   *     (through {@code /bin/sh}), so any file it writes beyond that size fails as on a full disk
   * @param tmpDir the child's {@code java.io.tmpdir}, so its temporary files can be inspected
   */
  public static ChildJvm start(Class<?> mainClass, List<String> args, Path workDir, Path tmpDir, long fileSizeLimitKb)
      throws IOException {
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=3g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=4g",
        "-Djava.io.tmpdir=" + tmpDir, "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    java.addAll(args);
    List<String> command = new ArrayList<>();
    if (fileSizeLimitKb > 0) {
      // exec keeps the JVM as the process we hold, so destroyForcibly reaches it.
      command.addAll(List.of("/bin/sh", "-c", "ulimit -f " + fileSizeLimitKb + " && exec \"$@\"", "child"));
    }
    command.addAll(java);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    // The environment (OMP_* included) is inherited: the same thread counts give the same float
    // sums, which a bit-for-bit comparison with the test JVM's own runs needs.
    return new ChildJvm(builder.start());
  }

  private static void pump(InputStream stream, List<String> into, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          into.add(line);
        }
      } catch (IOException closed) {
        // The child was killed: the pipe closes under the reader; what was read is kept.
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  /**
   * Waits until a stdout line matches, the child exits, or the timeout passes; true when a line
   * matched.
   */
  public boolean awaitLine(Predicate<String> wanted, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (System.nanoTime() < deadline) {
      if (out.stream().anyMatch(wanted)) {
        return true;
      }
      if (!process.isAlive()) {
        // Let the pump take the last lines before the final check.
        Thread.sleep(200);
        return out.stream().anyMatch(wanted);
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** Waits for the child to end by itself; returns its exit status. */
  public int awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      throw new IllegalStateException("child JVM still running after " + timeout + " " + unit + "; output:\n"
          + transcript());
    }
    Thread.sleep(200);
    return process.exitValue();
  }

  /** SIGKILL, then waits until the process is gone; true when it was still running. */
  public boolean kill() throws InterruptedException {
    boolean wasAlive = process.isAlive();
    process.destroyForcibly().waitFor();
    return wasAlive;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Seconds since the child was started. */
  public double ageSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public List<String> stdout() {
    return List.copyOf(out);
  }

  public List<String> stderr() {
    return List.copyOf(err);
  }

  /** Everything the child printed, for failure messages. */
  public String transcript() {
    return "--- stdout\n" + String.join("\n", out) + "\n--- stderr\n" + String.join("\n", err);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
