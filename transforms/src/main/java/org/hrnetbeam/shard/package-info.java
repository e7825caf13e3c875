/**
 * Stage 4 of prepare. In: records keyed by shard ({@link org.hrnetbeam.shard.WriteShards#assign}),
 * or piece files of them staged per bundle by the step that made them ({@link
 * org.hrnetbeam.shard.PieceStager}), label statistics and dead letters. Out:
 * {@code <split>-SSSSS-of-NNNNN.tfrecord[.gz]} files with TFRecord framing (seeded shard
 * assignment, sorted within a shard, so byte-identical across runners), manifest.json and
 * deadletter.jsonl. {@link org.hrnetbeam.shard.WriteShards} and {@link
 * org.hrnetbeam.shard.WriteManifest} are the Beam transforms.
 */
package org.hrnetbeam.shard;
