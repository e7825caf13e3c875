package org.hrnetbeam.prepare;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Builds Beam's pipeline-options registry on a background thread, so that it runs on the second
 * core while the main thread builds the command line and loads the config.
 *
 * <p>Why: the registry (every registered options interface validated against a proxy of all those
 * before it, about 0.6 CPU-s with C1 only) is the largest step of {@code hrnet prepare}'s start-up
 * and ran alone on one core (docs/PERFORMANCE.md, "Prepare from launch"). The registry is a cache
 * inside {@link PipelineOptionsFactory}; the main thread's own call then finds it built (or waits
 * for it), parses the real arguments and reports any error as before. Nothing here changes what the
 * options are.
 */
public final class OptionsWarmUp {
  private OptionsWarmUp() {}

  /** Starts the warm-up on a daemon thread and returns at once. */
  public static void start() {
    Thread thread = new Thread(OptionsWarmUp::warm, "beam-options-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void warm() {
    try {
      PipelineOptionsFactory.fromArgs("--runner=DirectRunner").withValidation().create().as(DirectOptions.class);
    } catch (RuntimeException e) {
      // Only time is at stake here: the main thread's own call reports any problem with the options.
    }
  }
}
