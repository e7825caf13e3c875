/**
 * Stage 1 of prepare. In: DATASET.ROOT and the split sets (list files, Cityscapes folders or
 * images/ + labels/ folders; local or gs://). Out: {@link org.hrnetbeam.ingest.SampleRef}s in a
 * stable order, then {@link org.hrnetbeam.ingest.DecodedSample}s, or a {@link
 * org.hrnetbeam.ingest.DeadLetter} saying why a sample could not be read. Plain Java: the pipeline
 * module's {@code MakeShardRecords} runs it inside Beam, in the same step as remap and augment.
 */
package org.hrnetbeam.ingest;
