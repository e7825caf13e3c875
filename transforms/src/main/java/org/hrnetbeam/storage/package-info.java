/**
 * One small storage layer: local paths and {@code gs://} (google-cloud-nio) as
 * {@link java.nio.file.Path}, and atomic writes, so a crash never leaves a half-written checkpoint,
 * manifest or config under its final name. Beam stages use Beam's {@code FileSystems} for their
 * own reads and writes; this layer is for everything else.
 */
package org.hrnetbeam.storage;
