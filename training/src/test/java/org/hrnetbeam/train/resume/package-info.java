/**
 * Test support for running training code in a child JVM: in goes a main class and its arguments
 * (optionally a file-size limit), out come the child's printed lines, its exit status, and a way to
 * kill it with SIGKILL at a chosen moment. Used by the kill-and-resume tests.
 */
package org.hrnetbeam.train.resume;
