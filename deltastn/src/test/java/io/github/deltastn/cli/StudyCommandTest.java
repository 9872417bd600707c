package io.github.deltastn.cli;

import static io.github.deltastn.cli.ExperimentCommandsTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.deltastn.cli.ExperimentCommandsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code study} command on the local engine (on Spark: deltastn-spark's tests). */
class StudyCommandTest {
    @TempDir
    Path tmp;

    static final List<String> TINY = List.of("--synthetic", "60", "--epochs", "2", "--warmup", "1", "--batch-size", "16",
            "--threads", "1");

    static Run study(Path dir, String... flags) {
        List<String> a = new ArrayList<>(List.of("study"));
        a.addAll(List.of(flags));
        a.addAll(List.of("--out", dir.toString(), "--"));
        a.addAll(TINY);
        return cli(a);
    }

    static double finalValid(Path run) throws IOException {
        return ExperimentFiles.readJsonObject(run.resolve("summary.json")).getAsJsonObject("final").get("valid_loss")
                .getAsDouble();
    }

    @Test
    void aGridRunsEveryRunAsTheExperimentCommandWouldAndResumes() throws IOException {
        Path s = tmp.resolve("study");
        Run r = study(s, "--experiment", "mnist", "--method", "delta,fixed", "--seed", "0,1");
        assertEquals(0, r.exit(), r.err() + r.out());
        List<String> table = Files.readAllLines(s.resolve("study.csv"));
        assertEquals(5, table.size(), table.toString());
        for (String name : List.of("mnist-delta-s0", "mnist-delta-s1", "mnist-fixed-s0", "mnist-fixed-s1")) {
            assertTrue(table.stream().anyMatch(l -> l.startsWith(name + ",completed,")), table.toString());
            assertTrue(Files.isRegularFile(s.resolve(name + ".log")));
        }
        assertTrue(Files.isRegularFile(s.resolve("compare-mnist").resolve("compare.png")));

        // the same run outside the study: bit-identical
        List<String> direct = new ArrayList<>(List.of("mnist", "--method", "delta", "--seed", "1"));
        direct.addAll(TINY);
        direct.addAll(List.of("--out", tmp.resolve("direct").toString()));
        assertEquals(0, cli(direct).exit());
        assertEquals(finalValid(tmp.resolve("direct")), finalValid(s.resolve("mnist-delta-s1")), 0.0);

        // started again: finished runs are skipped; a run without its summary is run again to the same result
        double before = finalValid(s.resolve("mnist-fixed-s0"));
        Files.delete(s.resolve("mnist-fixed-s0").resolve("summary.json"));
        Run again = study(s, "--experiment", "mnist", "--method", "delta,fixed", "--seed", "0,1");
        assertEquals(0, again.exit(), again.err());
        assertEquals(3, again.out().split("\\(done before\\)", -1).length - 1, again.out());
        assertEquals(before, finalValid(s.resolve("mnist-fixed-s0")), 0.0);

        Run other = study(s, "--experiment", "mnist", "--method", "stn");
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("holds another study"), other.err());
    }

    @Test
    void aSpecFileGivesTheSameGridAsTheFlags() throws IOException {
        Path spec = tmp.resolve("study.json");
        Files.writeString(spec, "{\"experiments\": [\"mnist\"], \"methods\": [\"fixed\"], \"seeds\": [2], \"args\": "
                + ExperimentFiles.GSON.toJson(TINY) + ", \"variants\": {\"lr-small\": [\"--lr\", \"0.01\"]}}");
        Run r = cli(List.of("study", "--spec", spec.toString(), "--out", tmp.resolve("a").toString()));
        assertEquals(0, r.exit(), r.err());
        List<String> flags = new ArrayList<>(List.of("study", "--experiment", "mnist", "--method", "fixed", "--seed", "2",
                "--variant", "lr-small=--lr 0.01", "--out", tmp.resolve("b").toString(), "--"));
        flags.addAll(TINY);
        assertEquals(0, cli(flags).exit());
        assertEquals(Files.readString(tmp.resolve("a").resolve("study.json")),
                Files.readString(tmp.resolve("b").resolve("study.json")));
        assertEquals(finalValid(tmp.resolve("a").resolve("mnist-fixed-lr-small-s2")),
                finalValid(tmp.resolve("b").resolve("mnist-fixed-lr-small-s2")), 0.0);
    }

    @Test
    void aFailedRunIsReportedAndTheOthersFinish() throws IOException {
        Path s = tmp.resolve("fail");
        Run r = study(s, "--experiment", "mnist", "--method", "fixed", "--variant", "bad=--lr -1", "--variant", "ok=");
        assertEquals(1, r.exit(), r.out());
        List<String> table = Files.readAllLines(s.resolve("study.csv"));
        assertTrue(table.get(1).startsWith("mnist-fixed-bad-s0,failed,") && table.get(1).contains("--lr must be"),
                table.toString());
        assertTrue(table.get(2).startsWith("mnist-fixed-ok-s0,completed,"), table.toString());
        assertTrue(r.out().contains("1 run failed"), r.out());
    }

    /** study.csv without its seconds column (the only one that differs between equal studies). */
    static List<String> tableWithoutSeconds(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.replaceFirst("^([^,]*,[^,]*,)[^,]*", "$1")).toList();
    }

    @Test
    void aStudyInARemoteFolderIsTheLocalStudy() throws IOException {
        Path local = tmp.resolve("local");
        assertEquals(0, study(local, "--experiment", "mnist", "--method", "fixed", "--seed", "0,1").exit());
        Path remote = tmp.resolve("remote");
        Run r = cli(List.of("study", "--experiment", "mnist", "--method", "fixed", "--seed", "0,1", "--engine", "copying",
                "--out", "copy://" + remote, "--", "--synthetic", "60", "--epochs", "2", "--warmup", "1", "--batch-size",
                "16", "--threads", "1"));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertEquals(tableWithoutSeconds(local.resolve("study.csv")), tableWithoutSeconds(remote.resolve("study.csv")));
        assertEquals(Files.readString(local.resolve("study.json")), Files.readString(remote.resolve("study.json")));
        for (String run : List.of("mnist-fixed-s0", "mnist-fixed-s1")) {
            assertEquals(finalValid(local.resolve(run)), finalValid(remote.resolve(run)), 0.0);
            assertTrue(Files.isRegularFile(remote.resolve(run).resolve("checkpoint.bin")), "the whole run is copied back");
            assertTrue(Files.readString(remote.resolve(run + ".log")).contains("Wrote"));
        }
        assertTrue(Files.isRegularFile(remote.resolve("compare-mnist").resolve("compare.png")));

        Run again = cli(List.of("study", "--experiment", "mnist", "--method", "fixed", "--seed", "0,1", "--engine", "copying",
                "--out", "copy://" + remote, "--", "--synthetic", "60", "--epochs", "2", "--warmup", "1", "--batch-size",
                "16", "--threads", "1"));
        assertEquals(0, again.exit(), again.err());
        assertEquals(2, again.out().split("\\(done before\\)", -1).length - 1, again.out());

        Run noFolder = cli(List.of("study", "--experiment", "mnist", "--method", "fixed", "--out", "hdfs://nn:8020/s"));
        assertEquals(2, noFolder.exit());
        assertTrue(noFolder.err().contains("writes to local or shared paths only"), noFolder.err());
    }

    @Test
    void badStudiesAreRejectedWithTheReason() {
        Path s = tmp.resolve("bad");
        assertTrue(study(s, "--experiment", "toy", "--method", "delta").err().contains("unknown experiment 'toy'"));
        assertTrue(study(s, "--experiment", "mnist").err().contains("at least one experiment and one method"));
        assertTrue(study(s, "--experiment", "mnist", "--method", "delta", "--variant", "x").err()
                .contains("--variant must be NAME=ARGS"));
        assertTrue(study(s, "--experiment", "mnist", "--method", "delta", "--variant", "a-s1=--lr 1").err()
                .contains("not end in -sN"));
        Run out = cli(List.of("study", "--experiment", "mnist", "--method", "delta", "--out", s.toString(), "--", "--out", "x"));
        assertEquals(2, out.exit());
        assertTrue(out.err().contains("sets --out of each run itself"), out.err());
        Run spark = study(s, "--experiment", "mnist", "--method", "delta", "--engine", "spark");
        assertTrue(spark.err().contains("deltastn-spark"), spark.err());
    }
}
