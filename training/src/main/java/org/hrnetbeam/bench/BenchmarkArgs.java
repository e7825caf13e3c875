package org.hrnetbeam.bench;

import java.util.Arrays;
import java.util.Optional;

/**
 * The command line both model-step benchmarks take:
 * {@code [--header] VARIANT HEIGHT WIDTH BATCH [ITERATIONS=5] [WARMUP=2]}. With {@code --header}
 * alone only the table header is printed, so rows of separate JVMs make one table.
 *
 * @param header whether the table header was asked for
 */
public record BenchmarkArgs(boolean header, String variant, int height, int width, int batch, int iterations,
    int warmup) {

  /**
   * Parses the arguments; an empty result means only a header was wanted. Wrong arguments print
   * the usage and exit 2.
   */
  public static Optional<BenchmarkArgs> parse(String program, String[] args, Runnable printHeader) {
    boolean header = args.length > 0 && args[0].equals("--header");
    if (header) {
      printHeader.run();
      args = Arrays.copyOfRange(args, 1, args.length);
      if (args.length == 0) {
        return Optional.empty();
      }
    }
    if (args.length < 4) {
      System.err.println("usage: " + program + " [--header] VARIANT HEIGHT WIDTH BATCH [ITERATIONS] [WARMUP]");
      System.exit(2);
    }
    return Optional.of(new BenchmarkArgs(header, args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
        Integer.parseInt(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 5,
        args.length > 5 ? Integer.parseInt(args[5]) : 2));
  }
}
