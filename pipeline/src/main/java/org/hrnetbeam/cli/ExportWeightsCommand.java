package org.hrnetbeam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hrnet export-weights}: Write our model's weights as a PyTorch state_dict (.pth) or .npz. */
@Command(name = "export-weights", mixinStandardHelpOptions = true, description = "Write our model's weights as a PyTorch state_dict (.pth) or .npz.")
final class ExportWeightsCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> ignored = new ArrayList<>();

  @Override
  public Integer call() {
    return NotBuiltYet.report("export-weights", "the model issue");
  }
}
