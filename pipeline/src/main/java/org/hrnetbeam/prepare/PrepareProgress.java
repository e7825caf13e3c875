package org.hrnetbeam.prepare;

import java.util.List;
import java.util.Locale;
import org.hrnetbeam.augment.RecordMaker;
import org.hrnetbeam.ingest.SampleRef;
import org.hrnetbeam.ingest.Split;

/**
 * The progress line of a running prepare pipeline, from its Beam counters: records made by
 * {@link MakeShardRecords} against the records the listing promises (K per train or extra sample, one
 * per validation sample), samples decoded or rejected, the rate since the
 * previous line (since the start when none flowed in between) and the time left at that rate:
 * {@code prepare: 114/347 records made (33%), 120/224 samples read, 0 rejected, 19.6 records/s, ETA 0:00:12}.
 *
 * <p>Records are the unit because augmenting and PNG-encoding them is most of the work. A rejected
 * sample makes no records, so with rejections the count stops short of the total; writing the shards
 * and the manifest comes after the last record and is not in the figure.
 *
 * @param expectedRecords records the listed samples yield when none is rejected
 * @param samples listed samples, all splits
 */
record PrepareProgress(long expectedRecords, int samples) {
  static PrepareProgress of(List<SampleRef> listed, int augmentCopies) {
    long records = 0;
    for (SampleRef ref : listed) {
      records += RecordMaker.copiesOf(Split.fromPrefix(ref.split()), augmentCopies);
    }
    return new PrepareProgress(records, listed.size());
  }

  /** What the counters say so far. */
  record Counts(long recordsMade, long samplesRead, long rejected) {
  }

  /**
   * @param elapsedSeconds since the pipeline started
   * @param recentRate records per second since the previous line; the ETA uses it when records
   *     flowed in that window (start-up makes no records, which would pull the rate since the start
   *     down), else the rate since the start
   */
  String line(Counts c, double elapsedSeconds, double recentRate) {
    double overall = elapsedSeconds > 0 ? c.recordsMade() / elapsedSeconds : 0;
    double rate = recentRate > 0 ? recentRate : overall;
    String eta = rate > 0 ? clock(Math.max(0, expectedRecords - c.recordsMade()) / rate) : "?";
    long percent = expectedRecords == 0 ? 100 : 100 * c.recordsMade() / expectedRecords;
    return String.format(Locale.ROOT, "prepare: %d/%d records made (%d%%), %d/%d samples read, %d rejected, "
        + "%.1f records/s, ETA %s", c.recordsMade(), expectedRecords, percent, c.samplesRead(), samples, c.rejected(),
        rate, eta);
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
