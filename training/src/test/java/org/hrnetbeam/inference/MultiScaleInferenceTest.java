package org.hrnetbeam.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MultiScaleInferenceTest {

  /** An image whose channel 0 holds the row and channel 1 the column of each pixel. */
  private static Planes coordinates(int h, int w) {
    Planes p = Planes.zeros(3, h, w);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        p.data()[y * w + x] = y;
        p.data()[h * w + y * w + x] = x;
      }
    }
    return p;
  }

  private static INDArray constant(long classes, long h, long w, double value) {
    return Nd4j.valueArrayOf(new long[] {1, classes, h, w}, value, DataType.FLOAT);
  }

  @Test
  void slidingWindowsSitWhereTheReferencePutsThemAndOverlapsAreAveraged() {
    // 7x10 image; base 8 at scale 1.25 → long side int(10.5) = 10, so the scaled image is 7x10 too.
    InferenceSettings settings = new InferenceSettings(2, 4, 4, 8, List.of(1.25), false, false);
    List<int[]> seen = new ArrayList<>();
    Function<INDArray, INDArray> forward = input -> {
      int call = seen.size() + 1;
      seen.add(new int[] {input.getInt(0, 0, 0, 0), input.getInt(0, 1, 0, 0), (int) input.size(2),
        (int) input.size(3)});
      // logits ln(call) so the scores (exp) are the call number: averages are easy to predict
      return constant(2, input.size(2), input.size(3), Math.log(call));
    };
    Planes scores = new MultiScaleInference(settings, forward).scores(coordinates(7, 10));

    // (top, left, height, width) of each window, in the reference's row-major order
    int[][] expectedWindows = {{0, 0, 4, 4}, {0, 4, 4, 4}, {0, 6, 4, 4}, {3, 0, 4, 4}, {3, 4, 4, 4}, {3, 6, 4, 4}};
    assertEquals(expectedWindows.length, seen.size());
    for (int i = 0; i < expectedWindows.length; i++) {
      assertArrayEquals(expectedWindows[i], seen.get(i), "window " + i);
    }
    assertEquals(1.0, scores.get(0, 0, 0), 1e-5);   // window 1 only
    assertEquals(2.0, scores.get(1, 0, 4), 1e-5);   // window 2 only
    assertEquals(2.5, scores.get(0, 0, 6), 1e-5);   // windows 2, 3
    assertEquals(2.5, scores.get(0, 3, 0), 1e-5);   // windows 1, 4
    assertEquals(4.0, scores.get(0, 3, 6), 1e-5);   // windows 2, 3, 5, 6
    assertEquals(6.0, scores.get(1, 6, 9), 1e-5);   // window 6 only
  }

  @Test
  void smallScalesRunTheWholeImageAndScalesAreSummedAsExp() {
    // 4x6 image, base 6: scale 0.5 → long int(3.5) = 3, short int(4*3/6 + 0.5) = 2; scale 1 → 4x6
    InferenceSettings settings = new InferenceSettings(3, 2, 2, 6, List.of(0.5, 1.0), false, true);
    List<long[]> shapes = new ArrayList<>();
    Function<INDArray, INDArray> forward = input -> {
      shapes.add(input.shape());
      INDArray out = Nd4j.create(DataType.FLOAT, 1, 3, input.size(2), input.size(3));
      for (int c = 0; c < 3; c++) {
        out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
            .assign(Math.log(c + 1));
      }
      return out;
    };
    Planes scores = new MultiScaleInference(settings, forward).scores(coordinates(4, 6));
    assertArrayEquals(new long[] {1, 3, 2, 3}, shapes.get(0));
    assertArrayEquals(new long[] {1, 3, 4, 6}, shapes.get(1));
    assertEquals(2, shapes.size());
    assertEquals(4, scores.height());
    assertEquals(6, scores.width());
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 6; x++) {
          assertEquals(2.0 * (c + 1), scores.get(c, y, x), 1e-5);
        }
      }
    }
  }

  @Test
  void flipAveragesLogitsWithTheMirroredRunBeforeExp() {
    // logits = column index inside the input: x on the plain run, (W-1-x) mirrored back
    Function<INDArray, INDArray> forward = input -> {
      long h = input.size(2);
      long w = input.size(3);
      INDArray out = Nd4j.create(DataType.FLOAT, 1, 1, h, w);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out.putScalar(new long[] {0, 0, y, x}, x);
        }
      }
      return out;
    };
    InferenceSettings plain = new InferenceSettings(1, 8, 8, 6, List.of(1.0), false, false);
    Planes noFlip = new MultiScaleInference(plain, forward).scores(coordinates(4, 6));
    assertEquals(Math.exp(5), noFlip.get(0, 2, 5), 1e-2);
    Planes flipped = new MultiScaleInference(new InferenceSettings(1, 8, 8, 6, List.of(1.0), true, false), forward)
        .scores(coordinates(4, 6));
    for (float v : flipped.data()) {
      assertEquals(Math.exp(2.5), v, 1e-4);
    }
  }

  @Test
  void quarterSizeLogitsAreUpsampledToTheInputAndArgmaxPicksTheClass() {
    // class 1 wins on the left half, class 0 on the right half, at 1/4 resolution
    Function<INDArray, INDArray> forward = input -> {
      long h = input.size(2) / 4;
      long w = input.size(3) / 4;
      INDArray out = Nd4j.create(DataType.FLOAT, 1, 2, h, w);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out.putScalar(new long[] {0, x < w / 2 ? 1 : 0, y, x}, 5f);
        }
      }
      return out;
    };
    InferenceSettings settings = new InferenceSettings(2, 64, 64, 32, List.of(1.0), false, false);
    int[] labels = new MultiScaleInference(settings, forward).predict(coordinates(16, 32));
    assertEquals(16 * 32, labels.length);
    assertEquals(1, labels[5 * 32 + 3]);
    assertEquals(0, labels[5 * 32 + 28]);
  }

  @Test
  void aModelWithTheWrongClassCountFailsNamingTheKey() {
    InferenceSettings settings = new InferenceSettings(19, 4, 4, 4, List.of(1.0), false, false);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MultiScaleInference(settings,
        input -> constant(11, 1, 1, 0)).scores(coordinates(4, 4)));
    assertTrue(e.getMessage().contains("DATASET.NUM_CLASSES"), e.getMessage());
  }

  @Test
  void predictionAtFullSizeSkipsExpButAgreesWithTheScores() {
    Random random = new Random(4);
    Function<INDArray, INDArray> forward = input -> {
      int h = (int) input.size(2) / 4;
      int w = (int) input.size(3) / 4;
      float[] values = new float[4 * h * w];
      for (int i = 0; i < values.length; i++) {
        values[i] = random.nextFloat() * 20 - 10;
      }
      return Planes.wrap(4, h, w, values).toBatch();
    };
    for (boolean flip : new boolean[] {false, true}) {
      InferenceSettings settings = new InferenceSettings(4, 16, 16, 32, List.of(1.0), flip, true);
      List<INDArray> outputs = new ArrayList<>();
      Function<INDArray, INDArray> recorded = input -> {
        INDArray out = forward.apply(input);
        outputs.add(out);
        return out;
      };
      int[] predicted = new MultiScaleInference(settings, recorded).predict(coordinates(16, 32));
      java.util.Iterator<INDArray> replay = outputs.iterator();
      int[] fromScores = new MultiScaleInference(settings, input -> replay.next()).scores(coordinates(16, 32))
          .argmax();
      assertArrayEquals(fromScores, predicted, "flip=" + flip);
    }
  }

  /**
   * The reference's multi-scale rules step by step, each step a separate pass (resize every run's
   * logits, mirror mean, exp, window sum, window mean, resize to the original size, sum): the fused
   * inference must equal it bit for bit.
   */
  private static Planes stepByStep(InferenceSettings s, Function<INDArray, INDArray> forward, Planes image) {
    Planes total = null;
    for (double scale : s.scales()) {
      ScaledSize size = ScaledSize.of(image.height(), image.width(), s.baseSize(), scale);
      Planes scaled = TwoTapBilinear.resize(image, size.height(), size.width(), false);
      List<Window> windows = scale <= 1.0 ? List.of(new Window(0, 0, size.height(), size.width()))
          : WindowPlan.windows(size.height(), size.width(), s.windowHeight(), s.windowWidth());
      Planes sum = Planes.zeros(s.numClasses(), size.height(), size.width());
      for (Window w : windows) {
        Planes input = scaled.crop(w.top(), w.left(), w.height(), w.width());
        Planes logits = TwoTapBilinear.resize(Planes.fromBatch(forward.apply(input.toBatch())), w.height(), w.width(),
            s.alignCorners());
        if (s.flip()) {
          Planes mirrored = Planes.fromBatch(forward.apply(input.flipHorizontal().toBatch()));
          StepByStep.averageWithMirrored(logits,
              TwoTapBilinear.resize(mirrored, w.height(), w.width(), s.alignCorners()));
        }
        StepByStep.expInPlace(logits);
        StepByStep.addAt(sum, logits, w.top(), w.left());
      }
      if (scale > 1.0) {
        StepByStep.divideBy(sum, WindowPlan.coverage(size.height(), size.width(), windows));
      }
      Planes back = TwoTapBilinear.resize(sum, image.height(), image.width(), s.alignCorners());
      if (total == null) {
        total = back;
      } else {
        StepByStep.add(total, back);
      }
    }
    return total;
  }

  @Test
  void fusedMultiScaleFlipInferenceEqualsTheStepByStepRulesBitForBit() {
    // A deterministic "network": per class, a weighted mix of the input channels pooled 4x4.
    Function<INDArray, INDArray> forward = input -> {
      Planes in = Planes.fromBatch(input);
      int h = (in.height() + 3) / 4;
      int w = (in.width() + 3) / 4;
      Planes out = Planes.zeros(5, h, w);
      for (int c = 0; c < 5; c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            float v = 0.3f * c;
            for (int k = 0; k < 3; k++) {
              v += (float) Math.sin(c + 2 * k) * in.get(k, Math.min(4 * y, in.height() - 1), Math.min(4 * x, in.width() - 1));
            }
            out.data()[(c * h + y) * w + x] = v;
          }
        }
      }
      return out.toBatch();
    };
    Random random = new Random(9);
    Planes image = Planes.zeros(3, 40, 56);
    for (int i = 0; i < image.data().length; i++) {
      image.data()[i] = random.nextFloat() * 4 - 2;
    }
    for (boolean alignCorners : new boolean[] {false, true}) {
      InferenceSettings settings = new InferenceSettings(5, 24, 32, 56, List.of(0.5, 0.75, 1.0, 1.25, 1.75), true,
          alignCorners);
      Planes expected = stepByStep(settings, forward, image);
      Planes fused = new MultiScaleInference(settings, forward).scores(image);
      assertArrayEquals(expected.data(), fused.data(), "align_corners " + alignCorners);
      assertArrayEquals(expected.argmax(), new MultiScaleInference(settings, forward).predict(image));
    }
  }
}
