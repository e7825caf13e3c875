/**
 * Provenance records: what made an artifact (config hash, seed, library versions, git commit,
 * time). In: the resolved config and seed. Out: a record every artifact embeds.
 */
package org.hrnetbeam.provenance;
