package org.hrnetbeam.prepare;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRegistrar;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunnerRegistrar;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.options.DefaultPipelineOptionsRegistrar;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;
import org.junit.jupiter.api.Test;

class OptionsWarmUpTest {
  private static final String CORE = DefaultPipelineOptionsRegistrar.class.getName();
  private static final String DIRECT = DirectRegistrar.Options.class.getName();
  private static final String FLINK = FlinkRunnerRegistrar.Options.class.getName();

  @Test
  void choosesTheCoreAndTheRunnersRegistrar() {
    assertEquals(Set.of(CORE, DIRECT), OptionsWarmUp.registrarsFor(List.of("--cfg", "x.yaml", "SEED", "3")));
    assertEquals(Set.of(CORE, DIRECT), OptionsWarmUp.registrarsFor(List.of("--runner=DirectRunner")));
    assertEquals(Set.of(CORE, FLINK),
        OptionsWarmUp.registrarsFor(List.of("--runner=FlinkRunner", "--flinkMaster=[local]")));
    assertEquals(Set.of(CORE, FLINK),
        OptionsWarmUp.registrarsFor(List.of("--runner=org.apache.beam.runners.flink.FlinkRunner")));
    assertEquals(Set.of(CORE, DIRECT),
        OptionsWarmUp.registrarsFor(List.of("--runner=FlinkRunner", "--runner=direct")), "the last --runner wins");
    assertEquals(Set.of(), OptionsWarmUp.registrarsFor(List.of("--runner=DataflowRunner")), "other runners: all");
  }

  @Test
  void serviceLookupSeesOnlyTheKeptRegistrars() {
    ClassLoader parent = getClass().getClassLoader();
    Set<String> all = names(ServiceLoader.load(PipelineOptionsRegistrar.class, parent));
    assertTrue(all.containsAll(Set.of(CORE, DIRECT, FLINK)) && all.size() > 3, "the class path lists " + all);

    NarrowedRegistrars narrowed = new NarrowedRegistrars(parent, Set.of(CORE, DIRECT));
    assertEquals(Set.of(CORE, DIRECT), names(ServiceLoader.load(PipelineOptionsRegistrar.class, narrowed)));
    assertEquals(parent.getResource("META-INF/MANIFEST.MF"), narrowed.getResource("META-INF/MANIFEST.MF"),
        "other resources come from the parent");
  }

  @Test
  void aNarrowedRegistryRejectsOtherRunnersOptionsUntilEveryRegistrarIsRegistered() {
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(new NarrowedRegistrars(saved, OptionsWarmUp.registrarsFor(List.of())));
      PipelineOptionsFactory.resetCache();
      thread.setContextClassLoader(saved);
      assertEquals(3, PipelineOptionsFactory.fromArgs("--targetParallelism=3").create()
          .as(DirectOptions.class).getTargetParallelism());
      assertThrows(IllegalArgumentException.class,
          () -> PipelineOptionsFactory.fromArgs("--flinkMaster=[local]").create());
      assertThrows(IllegalArgumentException.class,
          () -> PipelineOptionsFactory.fromArgs("--project=p").create());

      OptionsWarmUp.registerEveryRegistrar();

      assertEquals("[local]", assertDoesNotThrow(() -> PipelineOptionsFactory.fromArgs("--flinkMaster=[local]")
          .create()).as(FlinkPipelineOptions.class).getFlinkMaster());
      assertEquals("p", PipelineOptionsFactory.fromArgs("--project=p").create().as(GcpOptions.class).getProject());
    } finally {
      thread.setContextClassLoader(saved);
      PipelineOptionsFactory.resetCache();
    }
  }

  private static Set<String> names(ServiceLoader<PipelineOptionsRegistrar> loader) {
    Set<String> names = new TreeSet<>();
    loader.stream().forEach(p -> names.add(p.type().getName()));
    return names;
  }
}
