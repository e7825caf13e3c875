package org.hrnetbeam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hrnet demo}: writes a synthetic street-scene dataset and runs every stage on it. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Generate a small synthetic street-scene dataset and run the whole pipeline on it.")
final class DemoCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> ignored = new ArrayList<>();

  @Override
  public Integer call() {
    return NotBuiltYet.report("demo", "the evaluation and publish stage");
  }
}
