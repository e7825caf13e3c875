/**
 * Stage 1 of prepare. In: DATASET.ROOT and the split sets (list files, Cityscapes folders or
 * images/ + labels/ folders; local or gs://). Out: {@link org.hrnetbeam.ingest.SampleRef}s in a
 * stable order, then {@link org.hrnetbeam.ingest.DecodedSample}s, or a {@link
 * org.hrnetbeam.ingest.DeadLetter} saying why a sample could not be read. {@link
 * org.hrnetbeam.ingest.ReadSamples} is the Beam wrapper.
 */
package org.hrnetbeam.ingest;
