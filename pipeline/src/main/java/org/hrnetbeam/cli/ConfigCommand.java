package org.hrnetbeam.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hrnet config}: prints the fully resolved config as YAML, every key with its value. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = {
        "Print the fully resolved config (defaults <- YAML <- overrides) as YAML and exit.",
        "Fails with exit code 2 on an unknown key (naming the nearest valid one) or a wrong type."})
final class ConfigCommand implements Callable<Integer> {
  @Mixin StageOptions stage;

  @Option(names = "--doc", description = "append each key's description as a comment")
  boolean doc;

  @Override
  public Integer call() {
    System.out.print(doc ? stage.config().toDocumentedYaml() : stage.config().toYaml());
    return ExitCodes.OK;
  }
}
