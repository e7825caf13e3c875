/**
 * The prepare stage wired as one Beam pipeline. In: the experiment config and seed. Out: shards,
 * manifest.json and deadletter.jsonl in PIPELINE.SHARD_DIR (default &lt;output dir&gt;/shards), and
 * a {@link org.hrnetbeam.prepare.PrepareOutcome} read back from the manifest; while it runs, a
 * progress line read from the pipeline's counters ({@link org.hrnetbeam.prepare.PrepareProgress}).
 */
package org.hrnetbeam.prepare;
