package org.hrnetbeam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hrnet infer}: Run a model on an input (.npy tensor or image) and write logits or a prediction. */
@Command(name = "infer", mixinStandardHelpOptions = true, description = "Run a model on an input (.npy tensor or image) and write logits or a prediction.")
final class InferCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> ignored = new ArrayList<>();

  @Override
  public Integer call() {
    return NotBuiltYet.report("infer", "the model issue");
  }
}
