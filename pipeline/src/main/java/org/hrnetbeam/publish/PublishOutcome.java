package org.hrnetbeam.publish;

import java.nio.file.Path;

/**
 * What a publish did.
 *
 * @param published whether the new model is now the published one
 * @param release   the new release's folder name, or null when refused
 * @param model     the published model file of this release, or null when refused
 * @param reason    why, in one sentence (also printed)
 */
public record PublishOutcome(boolean published, String release, Path model, String reason) {}
