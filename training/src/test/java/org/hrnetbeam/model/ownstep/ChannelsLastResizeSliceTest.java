package org.hrnetbeam.model.ownstep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link ChannelsLastResize} writing into (and reading its gradient from) a channel slice of a wider
 * array, against its dense form plus the copy into (and out of) that slice ({@link ChannelSlices}):
 * forward values and input gradients bit-equal,
 * other channels of the wide output untouched; odd and even sizes (HRNet's 72×136 input gives
 * branches 18×34, 9×17, 5×9, 3×5), both align_corners conventions, a slice at the start, middle
 * and end of the wide array.
 */
class ChannelsLastResizeSliceTest {
  @ParameterizedTest(name = "{1}x{2} -> {3}x{4}, {0} channels at {5} of {6}, align_corners {7}")
  @CsvSource({"32, 9, 17, 18, 34, 16, false", "64, 5, 9, 18, 34, 48, true", "128, 3, 5, 18, 34, 112, false",
      "8, 2, 3, 16, 24, 0, true", "8, 4, 6, 16, 24, 4, false"})
  void matchesTheDenseResizeAndSliceCopiesBitForBit(int c, int h, int w, int outH, int outW, int offset,
      boolean alignCorners) {
    int n = 2;
    int wide = offset + c + 7;
    Random random = new Random(c * 31L + h + (alignCorners ? 1 : 0));
    NhwcArray x = NhwcArray.fromNchw(ChannelsLastResizeTest.gaussian(random, n, c, h, w));
    INDArray wideStart = ChannelsLastResizeTest.gaussian(random, n, wide, outH, outW);

    NhwcArray expected = NhwcArray.fromNchw(wideStart);
    ChannelsLastResize dense = new ChannelsLastResize(x, outH, outW, alignCorners);
    NhwcArray up = dense.newOutputShaped();
    dense.forward(x, up);
    ChannelSlices.copyIn(up, expected, offset);
    NhwcArray actual = NhwcArray.fromNchw(wideStart);
    ChannelsLastResize slice = new ChannelsLastResize(x, outH, outW, alignCorners);
    slice.forward(x, actual, offset);
    assertEquals(expected.toNchw(), actual.toNchw(), "forward into the slice");
    assertEquals(wideStart.get(NDArrayIndex.all(), NDArrayIndex.interval(offset + c, wide)),
        actual.toNchw().get(NDArrayIndex.all(), NDArrayIndex.interval(offset + c, wide)), "channels after the slice");

    NhwcArray gradient = NhwcArray.fromNchw(ChannelsLastResizeTest.gaussian(random, n, wide, outH, outW));
    NhwcArray part = dense.newOutputShaped();
    ChannelSlices.copyOut(gradient, offset, part);
    NhwcArray dxExpected = NhwcArray.fromNchw(x.toNchw().muli(0));
    dense.backward(part, dxExpected);
    NhwcArray dxActual = NhwcArray.fromNchw(x.toNchw().muli(0));
    slice.backward(gradient, offset, dxActual);
    assertEquals(dxExpected.toNchw(), dxActual.toNchw(), "input gradient from the slice");
    assertTrue(dxActual.toNchw().amaxNumber().doubleValue() > 0, "an all-zero gradient would make the check empty");
  }

  @Test
  void refusesASliceThatDoesNotFit() {
    NhwcArray x = NhwcArray.fromNchw(ChannelsLastResizeTest.gaussian(new Random(1), 1, 8, 3, 5));
    ChannelsLastResize slice = new ChannelsLastResize(x, 6, 10, false);
    NhwcArray wide = NhwcArray.fromNchw(ChannelsLastResizeTest.gaussian(new Random(2), 1, 12, 6, 10));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> slice.forward(x, wide, 5));
    assertTrue(e.getMessage().contains("channels [5, 13)") && e.getMessage().contains("1x12x6x10"), e.getMessage());
  }
}
