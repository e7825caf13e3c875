/**
 * The shard record format: the one contract between data preparation and training. In/out:
 * {@link org.hrnetbeam.records.SampleRecord} ↔ serialized tf.train.Example (DeepLab keys plus
 * hrnet/sample_id and hrnet/copy_index), and {@link org.hrnetbeam.records.TfRecordReader} for
 * the checked framing of a shard file.
 */
package org.hrnetbeam.records;
