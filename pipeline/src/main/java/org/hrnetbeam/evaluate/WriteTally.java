package org.hrnetbeam.evaluate;

import org.apache.beam.sdk.transforms.DoFn;
import org.hrnetbeam.storage.Storage;

/** Writes the one summed {@link EvaluationTally} as {@code <evaluation dir>/confusion.json}. */
final class WriteTally extends DoFn<EvaluationTally, Void> {
  private final String evaluationDir;
  private final String labelMap;

  WriteTally(String evaluationDir, String labelMap) {
    this.evaluationDir = evaluationDir;
    this.labelMap = labelMap;
  }

  @ProcessElement
  public void process(@Element EvaluationTally tally) throws Exception {
    TallyFile.write(Storage.path(evaluationDir).resolve(TallyFile.NAME), tally, labelMap);
  }
}
