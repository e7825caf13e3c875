/**
 * The prepare stage wired as one Beam pipeline. In: the experiment config and seed. Out: shards,
 * manifest.json and deadletter.jsonl in PIPELINE.SHARD_DIR (default &lt;output dir&gt;/shards), and
 * a {@link org.hrnetbeam.prepare.PrepareOutcome} read back from the manifest; while it runs, a
 * progress line read from the pipeline's counters ({@link org.hrnetbeam.prepare.PrepareProgress}).
 * {@link org.hrnetbeam.prepare.OptionsWarmUp} shortens {@code hrnet prepare}'s start: Beam's options
 * registry (from the registrars the run needs) and the pipeline's first class set-up, on a second
 * thread while the command line and config load.
 */
package org.hrnetbeam.prepare;
