package org.hrnetbeam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.hrnetbeam.model.HrnetModel;
import org.hrnetbeam.model.HrnetSpec;
import org.hrnetbeam.model.HrnetVariants;
import org.hrnetbeam.train.TrainStepHeap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Where the memory of an HRNet train step goes: the float32 bytes of every vertex output of one
 * batch grouped by kind (computed from the graph's shapes, nothing run), then, for a few train
 * steps, the process's RSS after each step and the size of every ND4J workspace of the training
 * thread. Compare the two to see which copies DL4J keeps beyond the activations themselves.
 *
 * <pre>
 * MemoryBreakdown VARIANT HEIGHT WIDTH BATCH [STEPS=3]
 * </pre>
 */
public final class MemoryBreakdown {
  private static final double GIB = 1024.0 * 1024 * 1024;

  private MemoryBreakdown() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: MemoryBreakdown VARIANT HEIGHT WIDTH BATCH [STEPS]");
      System.exit(2);
    }
    String variant = args[0];
    int height = Integer.parseInt(args[1]);
    int width = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int steps = args.length > 4 ? Integer.parseInt(args[4]) : 3;

    HrnetModel model = HrnetModel.create(HrnetVariants.spec(variant, 19, false, 0.1), 0, new Sgd(0.01));
    System.out.printf("%s %dx%d batch %d: parameters %.2f GiB (float32; gradients and updater state as much again each)%n",
        variant, height, width, batch, model.graph().params().length() * 4 / GIB);
    System.out.println("| vertex kind | count | output GiB (batch) |");
    System.out.println("|---|---|---|");
    for (Map.Entry<String, double[]> e : outputBytesByKind(model.graph().getConfiguration(), height, width, batch)
        .entrySet()) {
      System.out.printf("| %s | %.0f | %.2f |%n", e.getKey(), e.getValue()[0], e.getValue()[1] / GIB);
    }

    Nd4j.getRandom().setSeed(0);
    INDArray input = Nd4j.randn(DataType.FLOAT, batch, 3, height, width);
    INDArray labels = Nd4j.rand(DataType.FLOAT, batch, 1, height, width).muli(19).castTo(DataType.INT)
        .castTo(DataType.FLOAT);
    MultiDataSet data = new MultiDataSet(new INDArray[]{input}, new INDArray[]{labels});
    boolean largeStep = TrainStepHeap.isLarge(TrainStepHeap.activationBytes(model.graph().getConfiguration(),
        input.shape()));
    System.out.println(largeStep ? "train steps with TrainStepHeap's 4 MiB mmap threshold" : "train steps with glibc's default heap");
    for (int s = 1; s <= steps; s++) {
      long t0 = System.nanoTime();
      try (TrainStepHeap.Step heap = TrainStepHeap.enter(largeStep)) {
        model.graph().fit(data);
      }
      Runtime rt = Runtime.getRuntime();
      System.out.printf("step %d: %.0f ms, RSS %.2f GiB, peak RSS %.2f GiB, JavaCPP allocated %.2f GiB,"
          + " Java heap committed %.2f GiB (used %.2f)%n", s, (System.nanoTime() - t0) / 1e6,
          procStatus("VmRSS:") / GIB, procStatus("VmHWM:") / GIB, Pointer.totalBytes() / GIB,
          rt.totalMemory() / GIB, (rt.totalMemory() - rt.freeMemory()) / GIB);
    }
    System.out.println("| workspace | size GiB |");
    System.out.println("|---|---|");
    double total = 0;
    for (MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
      total += ws.getCurrentSize();
      System.out.printf("| %s | %.2f |%n", ws.getId(), ws.getCurrentSize() / GIB);
    }
    System.out.printf("| all | %.2f |%n", total / GIB);
  }

  /** Kind (layer class or vertex class, ReLUs apart) → {count, bytes of its output for the batch}. */
  static Map<String, double[]> outputBytesByKind(ComputationGraphConfiguration conf, int height, int width,
      int batch) {
    Map<String, InputType> types = conf.getLayerActivationTypes(InputType.convolutional(height, width, 3));
    Map<String, double[]> kinds = new TreeMap<>();
    double all = 0;
    for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
      GraphVertex vertex = v.getValue();
      String kind = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer().getClass().getSimpleName()
          : vertex.getClass().getSimpleName();
      InputType type = types.get(v.getKey());
      double bytes = type == null ? 0 : 4.0 * batch * type.arrayElementsPerExample();
      double[] sum = kinds.computeIfAbsent(kind, k -> new double[2]);
      sum[0]++;
      sum[1] += bytes;
      all += bytes;
    }
    kinds.put("(all vertices)", new double[]{conf.getVertices().size(), all});
    return kinds;
  }

  private static double procStatus(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
      }
    }
    return Double.NaN;
  }
}
