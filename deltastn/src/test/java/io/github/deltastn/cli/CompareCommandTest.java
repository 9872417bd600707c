package io.github.deltastn.cli;

import static io.github.deltastn.cli.ExperimentCommandsTest.args;
import static io.github.deltastn.cli.ExperimentCommandsTest.assertPng;
import static io.github.deltastn.cli.ExperimentCommandsTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.cli.ExperimentCommandsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare --seeds}: the seed mean and band of curves and schedules, and the table of mean ± sd. */
class CompareCommandTest {
    @TempDir
    Path tmp;

    @Test
    void compareSeedsMergesTheSeedsOfAMethodIntoOneBand() throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String name : List.of("m-delta-s0", "m-delta-s1", "m-fixed-s0")) {
            Path d = tmp.resolve(name);
            String seed = name.substring(name.length() - 1);
            Run r = cli(args("mnist", d, "--epochs", "2", "--method", name.contains("delta") ? "delta" : "fixed",
                    "--seed", seed));
            assertEquals(0, r.exit(), r.err());
            dirs.add(d);
        }
        List<String> a = new ArrayList<>(List.of("compare", "--seeds"));
        dirs.forEach(d -> a.add(d.toString()));
        a.addAll(List.of("--out", tmp.resolve("cmp").toString()));
        Run c = cli(a);
        assertEquals(0, c.exit(), c.err());
        assertPng(tmp.resolve("cmp").resolve("compare.png"));
        assertPng(tmp.resolve("cmp").resolve("schedules.png"));
        String row = c.out().lines().filter(l -> l.startsWith("m-delta (delta)")).findFirst()
                .orElseThrow(() -> new AssertionError(c.out()));
        assertTrue(row.contains(" 2 ") && row.contains("±"), row);
        // the mean ± sd of the final validation losses of the two seeds, from their summary.json
        double[] v = new double[2];
        for (int i = 0; i < 2; i++) {
            v[i] = ExperimentFiles.readJsonObject(dirs.get(i).resolve("summary.json")).getAsJsonObject("final")
                    .get("valid_loss").getAsDouble();
        }
        assertNotEquals(v[0], v[1], "two seeds, two results");
        assertTrue(row.contains(CompareCommand.meanSd(v, "%.4f")), row + " vs " + CompareCommand.meanSd(v, "%.4f"));
        String fixed = c.out().lines().filter(l -> l.startsWith("m-fixed (fixed)")).findFirst()
                .orElseThrow(() -> new AssertionError(c.out()));
        assertFalse(fixed.contains("±"), "one seed: no spread " + fixed);
        // runs at fixed values have no schedule to draw
        Run onlyFixed = cli(List.of("compare", dirs.get(2).toString(), "--out", tmp.resolve("cmp-fixed").toString()));
        assertEquals(0, onlyFixed.exit(), onlyFixed.err());
        assertPng(tmp.resolve("cmp-fixed").resolve("compare.png"));
        assertFalse(Files.exists(tmp.resolve("cmp-fixed").resolve("schedules.png")), onlyFixed.out());
    }

    @Test
    void seedCurveIsTheMeanWithTheLowestAndHighestSeedAsItsBand() {
        var a = new Curve("a", new double[] {1, 2, 3}, new double[] {10, 20, 30}, new double[] {0.5, 0.4, 0.3});
        var b = new Curve("b", new double[] {1, 2}, new double[] {12, 22}, new double[] {0.7, 0.2});
        var m = Curve.ofSeeds("m", List.of(a, b));
        assertArrayEquals(new double[] {1, 2}, m.epochs(), "as long as the shortest seed");
        assertArrayEquals(new double[] {11, 21}, m.seconds(), 1e-12);
        assertArrayEquals(new double[] {0.6, 0.3}, m.best(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0.2}, m.lo(), 0.0);
        assertArrayEquals(new double[] {0.7, 0.4}, m.hi(), 0.0);
        assertEquals("m-delta", CompareCommand.seedGroup(Path.of("runs", "m-delta-s12")));
        assertEquals("m-delta, 1 seed", CompareCommand.seedLabel("m-delta", 1));
        assertEquals("m-delta, 3 seeds", CompareCommand.seedLabel("m-delta", 3));

        var s0 = new RunPlots.Schedule("s0", List.of("p", "q"), new double[] {1, 2, 3},
                new double[][] {{0.1, 0.2, 0.3}, {1, 2, 3}}, null, null);
        var s1 = new RunPlots.Schedule("s1", List.of("p", "q"), new double[] {1, 2},
                new double[][] {{0.3, 0.0}, {3, 6}}, null, null);
        var ms = RunPlots.Schedule.ofSeeds("m", List.of(s0, s1));
        assertArrayEquals(new double[] {1, 2}, ms.epochs(), "as long as the shortest seed");
        assertArrayEquals(new double[] {0.2, 0.1}, ms.values()[0], 1e-12);
        assertArrayEquals(new double[] {2, 4}, ms.values()[1], 1e-12);
        assertArrayEquals(new double[] {0.1, 0.0}, ms.lo()[0], 0.0);
        assertArrayEquals(new double[] {3, 6}, ms.hi()[1], 0.0);
        var other = new RunPlots.Schedule("o", List.of("p"), new double[] {1}, new double[][] {{0.5}}, null, null);
        assertThrows(IllegalArgumentException.class, () -> RunPlots.Schedule.ofSeeds("m", List.of(s0, other)));
        assertEquals("m-delta-seed", CompareCommand.seedGroup(Path.of("m-delta-seed")));
    }

    /** Beside runs, a search's later trials (at many times the runs' epochs) stay off the epoch axis, not the seconds'. */
    @Test
    void theEpochAxisEndsWithTheLongestRunWhenASearchIsCompared() {
        var run = new Curve("run", new double[] {1, 2, 3}, new double[] {10, 20, 30}, new double[] {0.5, 0.4, 0.3});
        var search = Curve.ofTrials("rs", new double[] {3, 6, 9}, new double[] {15, 30, 45},
                new double[] {0.6, 0.35, 0.2});
        var both = RunPlots.bestSoFar(List.of(run, search));
        assertEquals(3, both.get(0).getXYPlot().getDomainAxis().getUpperBound(), 0.0);
        assertTrue(both.get(1).getXYPlot().getDomainAxis().getUpperBound() >= 45);
        var searchOnly = RunPlots.bestSoFar(List.of(search));
        assertTrue(searchOnly.get(0).getXYPlot().getDomainAxis().getUpperBound() >= 9);
        var runOnly = RunPlots.bestSoFar(List.of(run));
        assertTrue(runOnly.get(0).getXYPlot().getDomainAxis().isAutoRange());
    }

    /** compare's loss axis ends a quarter above the highest final value (cutting the first epochs), never below the data's end. */
    @Test
    void theLossAxisEndsAQuarterAboveTheHighestFinalValue() {
        var run = new Curve("run", new double[] {1, 2, 3}, new double[] {10, 20, 30}, new double[] {2.3, 0.4, 0.3});
        var search = Curve.ofTrials("rs", new double[] {3, 6, 9}, new double[] {15, 30, 45},
                new double[] {0.6, 0.35, 0.2});
        var curves = List.of(run, search);
        for (var panel : RunPlots.endingsFill(RunPlots.bestSoFar(curves), curves)) {
            var y = panel.getXYPlot().getRangeAxis();
            assertEquals(RunPlots.TOP_OVER_FINAL * 0.3, y.getUpperBound(), 1e-12);
            assertTrue(y.getLowerBound() < 0.2, "lower bound " + y.getLowerBound());
        }
        var flat = new Curve("flat", new double[] {1, 2}, new double[] {10, 20}, new double[] {0.5, 0.5});
        var y = RunPlots.endingsFill(RunPlots.bestSoFar(List.of(flat)), List.of(flat)).get(0).getXYPlot().getRangeAxis();
        assertTrue(y.getUpperBound() >= 0.5 && y.getUpperBound() < RunPlots.TOP_OVER_FINAL * 0.5 + 1e-12,
                "upper bound " + y.getUpperBound());
    }
}
