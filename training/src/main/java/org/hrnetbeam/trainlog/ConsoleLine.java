package org.hrnetbeam.trainlog;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The console progress line, shaped like the reference's so that users can read both the same
 * way:
 * {@code Epoch: [3/484] Iter:[120/495], Time: 1.23s, data: 0.02s, lr: [0.00983, 0.0983], Loss: 0.6123, 3.2 img/s, ETA 1:02:03}.
 */
public final class ConsoleLine {
  private ConsoleLine() {}

  public static String format(ProgressRecord r) {
    StringJoiner lrs = new StringJoiner(", ", "[", "]");
    r.lrs().forEach(lr -> lrs.add(significant(lr)));
    return String.format(Locale.ROOT,
        "Epoch: [%d/%d] Iter:[%d/%d], Time: %.2fs, data: %.2fs, lr: %s, Loss: %.4f, %.1f img/s, ETA %s",
        r.epoch(), r.epochs(), r.iteration(), r.epochIters(), r.batchSeconds(), r.dataSeconds(), lrs,
        r.averageLoss(), r.imagesPerSecond(), duration(r.etaSeconds()));
  }

  /** H:MM:SS, hours unbounded (a long run says 133:20:00, not days). */
  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  /** Three significant digits, plain notation: the poly rate spans several decades. */
  static String significant(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }
}
