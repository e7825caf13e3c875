package org.hrnetbeam.publish;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a newly evaluated model replaces the published one. Without PIPELINE.PUBLISH_IF_BETTER
 * it always does (the previous release is kept). With it, for nightly retraining, only when its
 * mIoU is strictly higher than the published model's on the same val set; mIoUs measured on
 * different val sets are not comparable, so that is refused too.
 */
public final class PromotionRule {
  private PromotionRule() {}

  /** The decision and the sentence that explains it. */
  public record Decision(boolean publish, String reason) {}

  public static Decision decide(boolean ifBetter, Optional<PublishedRelease> current, double meanIou, String valSetHash) {
    if (current.isEmpty()) {
      return new Decision(true, "nothing published yet");
    }
    PublishedRelease old = current.get();
    if (!ifBetter) {
      return new Decision(true, "PIPELINE.PUBLISH_IF_BETTER is off: replaces " + old.name() + " (mIoU "
          + percent(old.meanIou()) + "), which is kept");
    }
    if (!old.valSetHash().equals(valSetHash)) {
      return new Decision(false, "the published release " + old.name() + " was evaluated on a different val set (val_set_sha256 "
          + shortHash(old.valSetHash()) + " vs " + shortHash(valSetHash) + "): the mIoUs are not comparable; published model unchanged");
    }
    if (meanIou > old.meanIou()) {
      return new Decision(true, "mIoU " + percent(meanIou) + " beats the published " + percent(old.meanIou()) + " ("
          + old.name() + ", kept)");
    }
    return new Decision(false, "mIoU " + percent(meanIou) + " is not higher than the published " + percent(old.meanIou())
        + " (" + old.name() + "); published model unchanged");
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
