package org.hrnetbeam.prepare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRegistrar;
import org.apache.beam.runners.flink.FlinkRunnerRegistrar;
import org.apache.beam.sdk.io.FileSystemRegistrar;
import org.apache.beam.sdk.options.DefaultPipelineOptionsRegistrar;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.apache.beam.sdk.transforms.resourcehints.ResourceHints;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.WindowingStrategy;

/**
 * Builds Beam's pipeline-options registry on a background thread, so that it runs on the second
 * core while the main thread builds the command line and loads the config, and builds it with only
 * the registrars the run needs.
 *
 * <p>Why: the registry (every registered options interface validated against a proxy of all those
 * before it) is the largest step of {@code hrnet prepare}'s start-up; the main thread waits for it
 * (docs/PERFORMANCE.md, "Prepare from launch"). The registry is a cache inside
 * {@link PipelineOptionsFactory}, built once by the first thread that needs it from the registrars
 * its context class loader lists; this thread lists Beam's core options and the chosen runner's
 * ({@link #registrarsFor}), about a third of the cost of all eight in the shaded jar. The main
 * thread's own call then finds it built (or waits for it), parses the real arguments and reports any
 * error. An option of a registrar left out (a GCP option, say) fails that parse;
 * {@link #registerAll()} then registers every registrar's options and the caller parses again, so
 * the command line accepts exactly what it accepted before. Nothing here changes what the options
 * are. With the registry built, the thread goes on to what creating and translating the pipeline
 * first needs ({@link #warmPipelineCreation}), which the main thread reaches later.
 */
public final class OptionsWarmUp {
  private static volatile boolean narrowed;

  private OptionsWarmUp() {}

  /** Starts the warm-up on a daemon thread and returns at once; {@code args}: the command line. */
  public static void start(List<String> args) {
    Set<String> registrars = registrarsFor(args);
    Thread thread = new Thread(() -> warm(registrars), "beam-options-warm-up");
    thread.setDaemon(true);
    if (!registrars.isEmpty()) {
      thread.setContextClassLoader(new NarrowedRegistrars(OptionsWarmUp.class.getClassLoader(), registrars));
      narrowed = true;
    }
    thread.start();
  }

  /**
   * The registrars (binary class names) a run with these arguments needs: Beam's core options and
   * the runner's own, from {@code --runner=}; DirectRunner when none is given. Empty (meaning all)
   * for a runner other than Direct or Flink.
   */
  static Set<String> registrarsFor(List<String> args) {
    String runner = args.stream().filter(a -> a.startsWith("--runner="))
        .map(a -> a.substring("--runner=".length()).toLowerCase(Locale.ROOT))
        .reduce((first, last) -> last).orElse("directrunner");
    String core = DefaultPipelineOptionsRegistrar.class.getName();
    if (runner.equals("direct") || runner.endsWith("directrunner")) {
      return Set.of(core, DirectRegistrar.Options.class.getName());
    }
    if (runner.equals("flink") || runner.endsWith("flinkrunner")) {
      return Set.of(core, FlinkRunnerRegistrar.Options.class.getName());
    }
    return Set.of();
  }

  /**
   * Registers the options of every registrar on the class path, when the warm-up built the
   * registry from some of them; returns whether it did, that is whether parsing again may now
   * succeed.
   */
  public static boolean registerAll() {
    if (!narrowed) {
      return false;
    }
    narrowed = false;
    registerEveryRegistrar();
    return true;
  }

  /** Registers the options of every registrar this class's loader lists. */
  static void registerEveryRegistrar() {
    ClassLoader loader = OptionsWarmUp.class.getClassLoader();
    for (PipelineOptionsRegistrar registrar : ServiceLoader.load(PipelineOptionsRegistrar.class, loader)) {
      for (Class<? extends PipelineOptions> options : registrar.getPipelineOptions()) {
        PipelineOptionsFactory.register(options);
      }
    }
  }

  private static void warm(Set<String> registrars) {
    try {
      boolean direct = registrars.isEmpty() || registrars.contains(DirectRegistrar.Options.class.getName());
      PipelineOptions options = direct
          ? PipelineOptionsFactory.fromArgs("--runner=DirectRunner").withValidation().create()
          : PipelineOptionsFactory.create();
      if (direct) {
        options.as(DirectOptions.class);
      }
      warmPipelineCreation(options);
    } catch (RuntimeException e) {
      // Only time is at stake here: the main thread's own call reports any problem with the options.
    }
  }

  /**
   * What creating and running the pipeline first does and the main thread would otherwise wait
   * for, in the main thread's order (Beam caches each options-proxy check by the set of interfaces
   * already seen, so the order decides whether the main thread finds its checks cached): every
   * file system's registrar (Beam checks their schemes; GCS's loads its client classes and its
   * options), the resource hints (every new pipeline reads them from the options; their class
   * set-up reads Beam's model protos), Java serialization through Beam (its Snappy stream loads a
   * native library; translation serializes each windowing strategy, coder and DoFn), and the
   * options' JSON form (DirectRunner writes and reads the options once, checking every property).
   * Nothing is kept and no global setting is made: only classes and Beam's caches are left
   * initialised.
   */
  private static void warmPipelineCreation(PipelineOptions options) {
    ClassLoader loader = OptionsWarmUp.class.getClassLoader();
    for (FileSystemRegistrar registrar : ServiceLoader.load(FileSystemRegistrar.class, loader)) {
      registrar.fromOptions(options);
    }
    ResourceHints.fromOptions(options);
    SerializableUtils.serializeToByteArray(WindowingStrategy.globalDefault().getWindowFn());
    try {
      new ObjectMapper().writeValueAsBytes(options);
    } catch (JsonProcessingException e) {
      // Only time is at stake: the runner serializes the real options itself and reports problems.
    }
  }
}
