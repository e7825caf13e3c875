/**
 * Publishing an evaluated model. In: the config, the model (our file or a checkpoint) and its
 * {@link org.hrnetbeam.evaluate.EvaluationOutcome}. Out, under {@code <output dir>/published/}:
 * <pre>
 * CURRENT                       one line: the name of the published release
 * releases/&lt;release&gt;/model       our model file, provenance embedded (config + hash, shard manifest
 *                               hash, seed, library versions, git commit, metrics)
 * releases/&lt;release&gt;/model-card.md
 * releases/&lt;release&gt;/metrics.json the evaluation's metrics.json
 * </pre>
 * The swap is atomic on local disk and on gs://: a release folder is written completely under a
 * new name nobody reads, then {@code CURRENT} is replaced in one atomic write (a rename locally, a
 * single object upload on Cloud Storage). Readers follow {@code CURRENT}; a publish that fails
 * before that write leaves the published release exactly as it was and removes its own folder. A
 * process killed outright leaves its folder behind, named by {@code STAGING}; the next publish
 * removes it. One publish at a time per output directory. Earlier releases are kept. With
 * PIPELINE.PUBLISH_IF_BETTER the swap happens only when
 * the new mIoU is higher on the same val set ({@link org.hrnetbeam.publish.PromotionRule}).
 */
package org.hrnetbeam.publish;
