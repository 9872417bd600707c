package io.github.deltastn.cli;

import io.github.deltastn.engine.Engine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the work of {@code search} and {@code study} runs (a picocli mixin): {@code --engine}, {@code --master}. */
final class EngineOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "local", order = 50,
            description = "local (one after another in this JVM) or spark (needs deltastn-spark.jar; see the README, "
                    + "\"Running on a cluster\"). Default: ${DEFAULT-VALUE}.")
    private String id;

    @Option(names = "--master", paramLabel = "URL", order = 51,
            description = "spark only: local[N], spark://host:port, ... Default: the master spark-submit set, else local[*].")
    private String master;

    /** The engine the flags name, started; bad flags or a missing engine module are a usage error (exit 2). */
    Engine open() {
        try {
            return Engine.open(id, master);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--engine " + id + (master == null ? "" : " --master "
                    + master) + ": " + e.getMessage());
        }
    }
}
