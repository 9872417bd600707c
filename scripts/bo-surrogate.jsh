// What BO's surrogate believed before each model-based trial of a search: refits the GP on the first n trials
// (n = initial design .. all but the last), with the fit's defaults and three restart seeds, and prints the ARD
// length scales, signal and noise variance, and the posterior and log EI at the point the search tried next.
// Targets on the log scale, as BO models them; dropouts mapped to the unit cube by dividing by their upper bound.
// PRIOR=gamma or lognormal refits with that length-scale prior (default: none, as the protocol's BO ran).
//   TRIALS=path/to/trials.csv HIGH=0.95 [PRIOR=gamma] jshell --class-path deltastn-cli.jar scripts/bo-surrogate.jsh
import io.github.deltastn.baselines.*;
import io.github.deltastn.core.Rng;
import java.nio.file.*;
import java.util.Arrays;

var lines = Files.readAllLines(Path.of(System.getenv("TRIALS")));
double high = Double.parseDouble(System.getenv().getOrDefault("HIGH", "0.95"));
var header = Arrays.asList(lines.get(0).split(","));
int first = header.indexOf("test_loss_at_best") + 1;  // the hyperparameters sit between this and "failure"
int h = header.indexOf("failure") - first;
int N = lines.size() - 1;
double[][] X = new double[N][h];
double[] Y = new double[N];
for (int i = 0; i < N; i++) {
    String[] f = lines.get(i + 1).split(",");
    Y[i] = Math.log(Double.parseDouble(f[header.indexOf("target")]));
    for (int k = 0; k < h; k++) X[i][k] = Double.parseDouble(f[first + k]) / high;
}
String prior = System.getenv().getOrDefault("PRIOR", "none");
var fit = GaussianProcess.FitSettings.defaults().withLengthScalePrior(LengthScalePrior.parse(prior, h));
String round(double[] v, double r) { return Arrays.toString(Arrays.stream(v).map(a -> Math.round(a * r) / r).toArray()); }
for (int n = Math.max(3, h + 1); n < N; n++) {
    double[][] x = Arrays.copyOf(X, n);
    double[] y = Arrays.copyOf(Y, n);
    double incumbent = Arrays.stream(y).min().getAsDouble();
    for (long seed = 1; seed <= 3; seed++) {
        var gp = GaussianProcess.fitMarginalLikelihood(x, y, fit, new Rng(seed));
        var p = gp.predict(X[n]);
        System.out.printf("n=%d restart seed %d: length scales %s, signal %.2f, noise %.1e | next %s: mean %.3f sd %.3f"
                + " (incumbent %.3f), log EI %.2f, trial's log target %.3f%n", n, seed, round(gp.kernel().lengthScales(), 1e3),
                gp.kernel().signalVariance(), gp.noiseVariance(), round(X[n], 1e2), p.mean(), p.sd(), incumbent,
                ExpectedImprovement.logValue(p.mean(), p.sd(), incumbent, 0), Y[n]);
    }
}
/exit
