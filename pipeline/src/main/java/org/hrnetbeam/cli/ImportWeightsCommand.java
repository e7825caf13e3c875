package org.hrnetbeam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hrnet import-weights}: Convert a PyTorch checkpoint (.pth, .npz) into our model file. */
@Command(name = "import-weights", mixinStandardHelpOptions = true, description = "Convert a PyTorch checkpoint (.pth, .npz) into our model file.")
final class ImportWeightsCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> ignored = new ArrayList<>();

  @Override
  public Integer call() {
    return NotBuiltYet.report("import-weights", "the model issue");
  }
}
