/**
 * The {@code hrnet} command line: option parsing and one sub-command per stage. In: arguments.
 * Out: an exit code. The work itself lives in the stage packages; a command only parses, builds
 * the stage's inputs and calls it.
 */
package org.hrnetbeam.cli;
