package org.hrnetbeam.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

  @Test
  void ticksAreNiceStepsEnclosingTheData() {
    assertArrayEquals(new double[] {0, 200, 400, 600, 800, 1000}, LineChart.ticks(0, 1000), 1e-9);
    assertArrayEquals(new double[] {0.2, 0.25, 0.3, 0.35, 0.4}, LineChart.ticks(0.21, 0.38), 1e-9);
  }

  @Test
  void drawsTheSeriesInItsColourAndCopesWithNoData() {
    Color colour = new Color(0x2C, 0xA0, 0x2C);
    BufferedImage chart = LineChart.draw("t", "x", "y",
        List.of(new LineChart.Point(0, 0), new LineChart.Point(10, 10)), colour);
    int found = 0;
    for (int y = 0; y < chart.getHeight(); y++) {
      for (int x = 0; x < chart.getWidth(); x++) {
        if ((chart.getRGB(x, y) & 0xFFFFFF) == colour.getRGB() - 0xFF000000) {
          found++;
        }
      }
    }
    assertNotEquals(0, found, "the line is drawn in the series colour");
    BufferedImage empty = LineChart.draw("t", "x", "y", List.of(), colour);
    assertEquals(chart.getWidth(), empty.getWidth());
  }
}
