/**
 * The experiment config: the reference's yacs keys and defaults plus our {@code PIPELINE}
 * section, read from the reference's YAML files unchanged.
 *
 * <p>In: a YAML file (optionally inheriting {@code _BASE_}) and {@code KEY VALUE} overrides. Out: a
 * frozen {@link org.hrnetbeam.config.ExperimentConfig} with typed getters, its YAML and its hash.
 * Errors are {@link org.hrnetbeam.config.ConfigException}s naming the key, value and file.
 */
package org.hrnetbeam.config;
