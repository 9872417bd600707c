package io.github.deltastn.cli;

import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.train.Method;

/**
 * Display names. Console text stays ASCII because a terminal or CI log without a UTF-8 locale prints
 * Greek letters as '?'; the plots are rendered by Java2D and may use them.
 */
final class Labels {
    private Labels() {}

    /** The method as in the paper, e.g. {@code Δ-STN}, for plots. */
    static String method(Method m) {
        return m == Method.DELTA ? "\u0394-STN" : methodAscii(m);
    }

    /** The method for console output, e.g. {@code Delta-STN}. */
    static String methodAscii(Method m) {
        return switch (m) {
            case FIXED -> "fixed";
            case STN -> "STN";
            case CENTERED -> "centered STN";
            case DELTA -> "Delta-STN";
            case CENTERED_SINGLE -> "centered STN, one objective";
            case IFT -> "IFT";
            case UNROLL -> "unrolled";
        };
    }

    /** The symbol of the tuned hyperparameter: c (a penalty coefficient) or p (a dropout rate). */
    static String symbol(Problem p) {
        return p == Problem.DROPOUT ? "p" : "c";
    }

    /** The tuned hyperparameter with its symbol, for axis labels. */
    static String hyperparameter(Problem p) {
        return switch (p) {
            case RIDGE -> "weight decay c";
            case DROPOUT -> "input dropout rate p";
            case LINEAR_NET -> "Jacobian-norm penalty c";
        };
    }

    /** The data set the toy problems are about, for titles. */
    static String problem(Problem p) {
        return switch (p) {
            case RIDGE -> "ridge regression";
            case DROPOUT -> "linear regression with input dropout";
            case LINEAR_NET -> "deep linear network with Jacobian-norm penalty";
        };
    }

    /** {@code n} and the noun, plural unless n is 1: {@code 1 epoch}, {@code 2 epochs}. */
    static String count(long n, String noun) {
        return n + " " + (n == 1 ? noun : noun + "s");
    }
}
