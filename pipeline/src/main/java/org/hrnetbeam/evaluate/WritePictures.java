package org.hrnetbeam.evaluate;

import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.hrnetbeam.storage.Storage;

/** Writes the kept pictures under {@code <evaluation dir>/pictures/} (see {@link PictureFiles}). */
final class WritePictures extends DoFn<List<PictureSample>, Void> {
  private final String evaluationDir;

  WritePictures(String evaluationDir) {
    this.evaluationDir = evaluationDir;
  }

  @ProcessElement
  public void process(@Element List<PictureSample> pictures) throws Exception {
    PictureFiles.write(Storage.path(evaluationDir).resolve(PictureFiles.FOLDER), pictures);
  }
}
