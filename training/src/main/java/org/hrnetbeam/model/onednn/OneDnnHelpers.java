package org.hrnetbeam.model.onednn;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Puts DL4J's oneDNN layer helpers onto every convolution and batch-norm layer of a graph.
 *
 * <p>Why: in DL4J 1.0.0-M2.1 the helpers never reach a layer on CPU. Their creation is off by default
 * ({@code org.eclipse.deeplearning4j.helpers.disable=true}), and when on, each helper removes itself
 * because its availability check looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment.isUseMKLDNN},
 * which nd4j-native M2.1 ships as {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment.isUseONEDNN}.
 * Without them every conv runs im2col + gemm and every BN a chain of small ops (STACK.md measured a
 * small conv net 7× slower). Here we ask the renamed method ourselves and, when oneDNN is on, install
 * the unchanged DL4J helpers (subclassed only to skip the broken check) into the layers' helper field.
 *
 * <p>Cost: none beyond the helpers' own workspace use. Set {@code -Dhrnet.onednn=false} to run DL4J's
 * built-in path (for comparison in the benchmark).
 */
public final class OneDnnHelpers {
  /** System property that switches the bridge off ({@code false}); default on. */
  public static final String PROPERTY = "hrnet.onednn";

  private static final String ENVIRONMENT_CLASS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

  private OneDnnHelpers() {
  }

  /** Whether the backend is nd4j-native with oneDNN compiled in and enabled, and helpers are allowed. */
  public static boolean available() {
    String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
    if (!"CPU".equalsIgnoreCase(backend) || !Nd4j.getEnvironment().helpersAllowed()) {
      return false;
    }
    try {
      Class<?> env = Class.forName(ENVIRONMENT_CLASS);
      Object instance = env.getMethod("getInstance").invoke(null);
      Method useOneDnn = env.getMethod("isUseONEDNN");
      return (Boolean) useOneDnn.invoke(instance);
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  /** Whether the bridge should run: the property is not {@code false} and oneDNN is {@link #available()}. */
  public static boolean wanted() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true")) && available();
  }

  /**
   * Installs the helpers when {@link #wanted()}, then verifies every conv/BN layer holds one.
   *
   * @return the number of layers that got a helper (0 when the bridge is off or unavailable)
   * @throws IllegalStateException naming the layers left without a helper
   */
  public static int attach(ComputationGraph graph) {
    if (!wanted()) {
      return 0;
    }
    int n = 0;
    for (Layer layer : graph.getLayers()) {
      if (layer instanceof ConvolutionLayer) {
        set(ConvolutionLayer.class, layer,
            new OneDnnConvHelper(layer.getParam("W").dataType(), feedsOnlyBatchNorm(graph, layer)));
        n++;
      } else if (layer instanceof BatchNormalization) {
        set(BatchNormalization.class, layer, new OneDnnBatchNormHelper(layer.getParam("gamma").dataType()));
        n++;
      }
    }
    verify(graph);
    return n;
  }

  /**
   * Whether every consumer of {@code layer}'s output is a batch-norm layer: only those read a
   * channels-last conv output ({@link ChannelsLast}) without slow strided loops.
   */
  private static boolean feedsOnlyBatchNorm(ComputationGraph graph, Layer layer) {
    String name = layer.conf().getLayer().getLayerName();
    GraphVertex vertex = graph.getVertex(name);
    VertexIndices[] outputs = vertex == null ? null : vertex.getOutputVertices();
    if (outputs == null || outputs.length == 0) {
      return false;
    }
    for (VertexIndices out : outputs) {
      GraphVertex consumer = graph.getVertices()[out.getVertexIndex()];
      if (!consumer.hasLayer() || !(consumer.getLayer() instanceof BatchNormalization)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Fails loudly if any conv or BN layer lacks its oneDNN helper: such a layer silently runs 5–19×
   * slower (STACK.md). Call at start-up after building or loading a graph with the bridge on.
   */
  public static void verify(ComputationGraph graph) {
    List<String> missing = new ArrayList<>();
    int total = 0;
    for (Layer layer : graph.getLayers()) {
      LayerHelper helper = null;
      if (layer instanceof ConvolutionLayer c) {
        helper = c.getHelper();
      } else if (layer instanceof BatchNormalization b) {
        helper = b.getHelper();
      } else {
        continue;
      }
      total++;
      if (!(helper instanceof OneDnnConvHelper) && !(helper instanceof OneDnnBatchNormHelper)) {
        missing.add(layer.conf().getLayer().getLayerName());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(missing.size() + " of " + total
          + " conv/BN layers have no oneDNN helper and would run DL4J's slow path; first: "
          + missing.subList(0, Math.min(5, missing.size())));
    }
  }

  private static void set(Class<?> owner, Layer layer, LayerHelper helper) {
    try {
      Field f = owner.getDeclaredField("helper");
      f.setAccessible(true);
      f.set(layer, helper);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot install the oneDNN helper into layer "
          + layer.conf().getLayer().getLayerName() + " (DL4J version changed?)", e);
    }
  }
}
