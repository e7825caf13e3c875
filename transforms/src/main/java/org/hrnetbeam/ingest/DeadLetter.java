package org.hrnetbeam.ingest;

import java.io.Serializable;

/**
 * A rejected sample: one line of deadletter.jsonl.
 *
 * @param path the file at fault (the image, or the label when the label is at fault)
 * @param reason a lower-case reason such as "missing_label" or "size_mismatch"
 * @param stage the stage that rejected it: "ingest", "remap", "augment" or "shard"
 * @param detail a human-readable explanation
 */
public record DeadLetter(String path, String reason, String stage, String detail) implements Serializable {
  private static final long serialVersionUID = 1L;
}
