/**
 * The optimiser's learning-rate plan, as the reference trains: poly decay per iteration over the
 * main phase, an optional extra phase with its own poly decay, and a non-backbone parameter group
 * at a multiple of the rate.
 *
 * <p>In: the experiment config, the number of training samples (and extra-set samples) and the
 * worker count. Out: {@link org.hrnetbeam.schedule.Schedule} (which rate each optimizer step uses,
 * per parameter group) and {@link org.hrnetbeam.schedule.ParameterGroups} (which group a parameter
 * name belongs to). Pure values; no DL4J types, so the trainer maps them onto its updaters.
 */
package org.hrnetbeam.schedule;
