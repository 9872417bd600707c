// Does a length-scale prior help BO's GP with few trials? Regret of the best point found after 8 and 20 trials,
// over 20 seeds, on four analytic problems with known minima, for random search and BO with no prior, Gamma(3, 6)
// and the dimension-scaled LogNormal. Writes one row per (problem, strategy, seed) to $OUT and prints the
// medians, quartiles and per-seed wins against BO without a prior.
//   OUT=bo-prior-study.csv jshell --class-path deltastn-cli.jar scripts/bo-prior-study.jsh
import io.github.deltastn.baselines.*;
import io.github.deltastn.baselines.SearchSpace.Dimension;
import io.github.deltastn.core.Rng;
import java.nio.file.*;
import java.util.*;
import java.util.function.*;

double branin(double[] v) {
    double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
    double s = v[1] - b * v[0] * v[0] + c * v[0] - 6;
    return s * s + 10 * (1 - t) * Math.cos(v[0]) + 10;
}
double quadratic3(double[] v) {
    double a = v[0] - 0.2, b = v[1] - 0.7, c = Math.log10(v[2]) - Math.log10(0.35);
    return 0.1 + a * a + 2 * b * b + 0.5 * c * c;
}
double hartmann(double[] v, double[][] a, double[][] p) {
    double[] alpha = {1.0, 1.2, 3.0, 3.2};
    double sum = 0;
    for (int i = 0; i < 4; i++) {
        double e = 0;
        for (int j = 0; j < v.length; j++) e += a[i][j] * (v[j] - 1e-4 * p[i][j]) * (v[j] - 1e-4 * p[i][j]);
        sum -= alpha[i] * Math.exp(-e);
    }
    return sum;
}
double[][] A3 = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
double[][] P3 = {{3689, 1170, 2673}, {4699, 4387, 7470}, {1091, 8732, 5547}, {381, 5743, 8828}};
double[][] A6 = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
double[][] P6 = {{1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991}, {2348, 1451, 3522, 2883, 3047, 6650},
        {4047, 8828, 8732, 5743, 1091, 381}};
SearchSpace cube(int d) {
    Dimension[] dims = new Dimension[d];
    for (int i = 0; i < d; i++) dims[i] = Dimension.linear("x" + i, 0, 1);
    return SearchSpace.of(dims);
}
record Problem(String name, SearchSpace space, ToDoubleFunction<double[]> f, double min) {}
List<Problem> problems = List.of(
        new Problem("branin", SearchSpace.of(Dimension.linear("x1", -5, 10), Dimension.linear("x2", 0, 15)), v -> branin(v), 0.39788735772973816),
        new Problem("quadratic3", SearchSpace.of(Dimension.linear("a", 0, 1), Dimension.linear("b", 0, 1), Dimension.log("c", 1e-3, 10)),
                v -> quadratic3(v), 0.1),
        new Problem("hartmann3", cube(3), v -> hartmann(v, A3, P3), -3.86278214782076),
        new Problem("hartmann6", cube(6), v -> hartmann(v, A6, P6), -3.32236801141551));
int SEEDS = 20;
int[] AT = {8, 20};
String[] VARIANTS = {"random", "bo-none", "bo-gamma", "bo-lognormal"};
Strategy strategy(String variant, int d) {
    if (variant.equals("random")) return new RandomSearch();
    var fit = GaussianProcess.FitSettings.defaults().withLengthScalePrior(LengthScalePrior.parse(variant.substring("bo-".length()), d));
    return new BayesianOptimization(BayesianOptimization.Settings.defaults().withFit(fit));
}
// regret[problem][variant][budget][seed]
double[][][][] regret = new double[problems.size()][VARIANTS.length][AT.length][SEEDS];
List<String> rows = new ArrayList<>(List.of("problem,strategy,seed,regret_at_8,regret_at_20"));
for (int pi = 0; pi < problems.size(); pi++) {
    Problem p = problems.get(pi);
    for (int vi = 0; vi < VARIANTS.length; vi++) {
        for (int s = 0; s < SEEDS; s++) {
            SearchResult r = new HyperSearch(p.space(), Objective.of(p.f()), strategy(VARIANTS[vi], p.space().size()))
                    .run(Budget.trials(AT[AT.length - 1]), new Rng(s));
            double best = Double.POSITIVE_INFINITY;
            StringBuilder row = new StringBuilder(p.name() + "," + VARIANTS[vi] + "," + s);
            int k = 0;
            for (int t = 0; t < r.trials().size(); t++) {
                best = Math.min(best, r.trials().get(t).target());
                if (k < AT.length && t + 1 == AT[k]) {
                    regret[pi][vi][k][s] = best - p.min();
                    row.append(",").append(best - p.min());
                    k++;
                }
            }
            rows.add(row.toString());
        }
    }
}
Files.write(Path.of(System.getenv().getOrDefault("OUT", "bo-prior-study.csv")), rows);
double quantile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    return s[lo] + (pos - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
}
System.out.println("| problem | trials | strategy | median regret | quartiles | seeds below BO without prior |");
System.out.println("|---|---:|---|---:|---|---:|");
for (int pi = 0; pi < problems.size(); pi++) {
    for (int k = 0; k < AT.length; k++) {
        for (int vi = 0; vi < VARIANTS.length; vi++) {
            double[] v = regret[pi][vi][k];
            int wins = 0, ties = 0;
            for (int s = 0; s < SEEDS; s++) {
                if (v[s] < regret[pi][1][k][s]) wins++;
                else if (v[s] == regret[pi][1][k][s]) ties++;
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %.4g | %.3g – %.3g | %s |%n", problems.get(pi).name(), AT[k], VARIANTS[vi],
                    quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), vi == 1 ? "—" : wins + " (" + ties + " ties)");
        }
    }
}
/exit
