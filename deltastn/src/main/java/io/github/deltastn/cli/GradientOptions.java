package io.github.deltastn.cli;

import io.github.deltastn.core.DType;
import io.github.deltastn.train.Method;
import io.github.deltastn.train.TuningMethod;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of {@code --method ift|unroll} (toy, mnist, fmnist): K and IFT's damping; null when not given, so
 * that the defaults of {@code TrainConfig} (10 and 1e-3) apply.
 */
final class GradientOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--hyper-terms", paramLabel = "K", order = 31,
            description = "ift, unroll: K, the conjugate-gradient steps of IFT or the SGD steps unrolled. Default: 10.")
    Integer terms;

    @Option(names = "--hyper-damping", paramLabel = "X", order = 31,
            description = "ift: the damping delta of the conjugate-gradient solve (H + delta I) q = dL_V/dw. "
                    + "Default: 1e-3.")
    Double damping;

    /** @throws ParameterException if an option is given for another method or is out of range */
    void check(Method method) {
        if (!(method.tuning() instanceof TuningMethod.GradientBased) && (terms != null || damping != null)) {
            throw bad((terms != null ? "--hyper-terms" : "--hyper-damping") + " applies to --method ift and unroll only");
        }
        if (terms != null && terms < 1) {
            throw bad("--hyper-terms must be >= 1, got " + terms);
        }
        if (damping != null && !(damping >= 0 && Double.isFinite(damping))) {
            throw bad("--hyper-damping must be a finite number >= 0, got " + damping);
        }
    }

    /**
     * {@link #check(Method)} for an image experiment, and that the method can run there: the model defines a
     * differentiable training loss ({@code defined}) and the run is float64.
     */
    void check(Method method, String experiment, boolean defined, DType dtype) {
        if (method.tuning() instanceof TuningMethod.GradientBased) {
            if (!defined) {
                throw bad("--method " + method.id() + ": the gradient-based methods need a training loss differentiable "
                        + "in the hyperparameters, which " + experiment + " does not define; they run on mnist, fmnist "
                        + "and the toy problems");
            }
            if (dtype != DType.FLOAT64) {
                throw bad("--method " + method.id() + " runs in float64 only (its Hessian-vector products and unrolled "
                        + "steps are checked against exact answers in float64): add --dtype float64");
            }
        }
        check(method);
    }

    private ParameterException bad(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
