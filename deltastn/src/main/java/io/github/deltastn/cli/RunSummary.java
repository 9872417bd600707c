package io.github.deltastn.cli;

import io.github.deltastn.toy.ToyExperiment.Outcome;
import io.github.deltastn.toy.ToyExperiment.Point;
import io.github.deltastn.toy.ToyExperiment.Settings;
import java.util.List;

/**
 * One run as written to {@code summary.json} (field names in snake_case there, e.g. {@code final_value}).
 *
 * @param problem        {@code ridge|dropout|linear-net}
 * @param method         {@code stn|centered|delta}
 * @param data           where the data came from (synthetic default or the CSV files)
 * @param finalValue     the tuned hyperparameter after the last cycle (constrained: c or p)
 * @param exactOptimum   the exact optimum λ* (constrained)
 * @param valLossAtFinal exact validation loss L_V(w*(λ)) at the final value
 * @param valLossAtOptimum L_V(w*(λ*))
 * @param relativeRegret (L_V(λ) − L_V(λ*)) / L_V(λ*)
 * @param absLogRatio    |ln λ − ln λ*|
 * @param steps          number of (T_train + T_valid) cycles, the {@code --steps} option
 * @param trainingSteps  number of training steps taken
 */
record RunSummary(String problem, String method, String data, boolean standardized, int nTrain, int nValid,
        int features, double finalValue, double exactOptimum, double valLossAtFinal, double valLossAtOptimum,
        double relativeRegret, double absLogRatio, double seconds, int steps, long trainingSteps, long seed,
        double sigma, double lr, double hyperLr) {

    static RunSummary of(Outcome o, Settings s, DataSource source) {
        List<Point> t = o.trajectory();
        return new RunSummary(o.problem().id(), o.method().id(), source.description(), source.standardized(),
                source.data().nTrain(), source.data().nValid(), source.data().features(), o.finalValue(),
                o.exactOptimum(), o.valLossAtFinal(), o.valLossAtOptimum(), o.relativeRegret(),
                absLogRatio(o), o.seconds(), s.cycles(), t.isEmpty() ? 0 : t.get(t.size() - 1).steps(), s.seed(),
                s.sigma(), s.lr(), s.hyperLr());
    }

    static double absLogRatio(Outcome o) {
        return Math.abs(Math.log(o.finalValue()) - Math.log(o.exactOptimum()));
    }
}
