package io.github.deltastn.cli;

import static io.github.deltastn.cli.ExperimentCommandsTest.assertPng;
import static io.github.deltastn.cli.ExperimentCommandsTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.github.deltastn.cli.ExperimentCommandsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code search} command: its files, {@code --resume}, BO's length-scale prior and the toy problems' exact regret. */
class SearchCommandTest {
    @TempDir
    Path tmp;

    /** A one-epoch BO search on synthetic MNIST, with {@code more} arguments after the common ones. */
    static List<String> boSearch(String... more) {
        List<String> args = new ArrayList<>(List.of("search", "--experiment", "mnist", "--synthetic", "60", "--batch-size",
                "16", "--epochs", "1", "--strategy", "bo", "--threads", "1"));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void searchWritesTrialsAndCompareReadsIt() throws IOException {
        Path dir = tmp.resolve("search");
        Run r = cli(List.of("search", "--experiment", "mnist", "--synthetic", "60", "--batch-size", "16", "--epochs", "1", "--trials",
                "2", "--strategy", "random", "--threads", "1", "--limit-eval", "5", "--out", dir.toString()));
        assertEquals(0, r.exit(), r.err());
        List<String> trials = Files.readAllLines(dir.resolve("trials.csv"));
        assertEquals("trial,start_seconds,end_seconds,target,best_so_far,final_valid_loss,best_valid_loss,test_loss,"
                + "test_loss_at_best,dropout0,dropout1,dropout2,failure", trials.get(0));
        assertEquals(2, trials.size() - 1);
        JsonObject summary = ExperimentFiles.readJsonObject(dir.resolve("summary.json"));
        assertEquals("random", summary.get("strategy").getAsString());
        assertEquals("max_trials", summary.get("stop").getAsString());
        JsonObject config = ExperimentFiles.readJsonObject(dir.resolve("config.json"));
        assertEquals(5, config.get("limit_eval").getAsInt(), config.toString());
        assertEquals("paper", config.get("widths").getAsString(), "mnist's default network");
        assertTrue(summary.getAsJsonObject("best").getAsJsonObject("hyperparameters").has("dropout2"));
        assertPng(dir.resolve("search.png"));

        assertEquals("1", trials.get(1).split(",")[0], "trials are numbered from 1, as on screen");
        assertTrue(r.out().contains("trial   1/2") && r.out().contains("of 1 epoch ("), r.out());
        Path figure = tmp.resolve("cmp");
        Run compare = cli(List.of("compare", dir.toString(), "--out", figure.toString()));
        assertEquals(0, compare.exit(), compare.err());
        assertTrue(compare.out().lines().toList().get(2).contains("random"), compare.out());
        assertPng(figure.resolve("compare.png"));
    }

    /** An interrupted BO search resumed with --resume: the same trials as an uninterrupted one. */
    @Test
    void resumedSearchEqualsUninterrupted() throws IOException {
        Path full = tmp.resolve("bo-full");
        List<String> a = boSearch("--trials", "6", "--out", full.toString());
        assertEquals(0, cli(a).exit());
        Path split = tmp.resolve("bo-split");
        List<String> first = boSearch("--trials", "5", "--out", split.toString());
        assertEquals(0, cli(first).exit());
        List<String> rest = boSearch("--trials", "6", "--resume", "--out", split.toString());
        Run resumed = cli(rest);
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("resuming after 5 finished trials"), resumed.out());
        // BO's sixth point depends on the five results read back: all six rows equal but for the seconds
        List<String> rows = Files.readAllLines(split.resolve("trials.csv"));
        assertEquals(withoutTrialSeconds(Files.readAllLines(full.resolve("trials.csv"))), withoutTrialSeconds(rows));
        double end5 = Double.parseDouble(rows.get(5).split(",")[2]);
        double start6 = Double.parseDouble(rows.get(6).split(",")[1]);
        assertTrue(start6 >= end5, "the clock goes on from the last finished trial: " + end5 + " then " + start6);

        List<String> other = boSearch("--trials", "7", "--seed", "3", "--resume", "--out", split.toString());
        Run refused = cli(other);
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("--resume") && refused.err().contains("another search"), refused.err());
    }

    /**
     * BO's length-scale prior is recorded (gamma by default); a BO search recorded before the option (no such field)
     * ran without a prior, so it resumes with {@code --length-scale-prior none} and is refused with the default.
     */
    @Test
    void lengthScalePriorIsRecordedAndOldSearchesResumeWithout() throws IOException {
        Path dir = tmp.resolve("bo-prior");
        List<String> first = boSearch("--trials", "5", "--length-scale-prior", "none", "--out", dir.toString());
        assertEquals(0, cli(first).exit());
        JsonObject config = ExperimentFiles.readJsonObject(dir.resolve("config.json"));
        assertEquals("none", config.get("length_scale_prior").getAsString());
        config.remove("length_scale_prior");
        Files.writeString(dir.resolve("config.json"), config.toString());

        List<String> withDefault = boSearch("--trials", "6", "--resume", "--out", dir.toString());
        Run refused = cli(withDefault);
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("another search") && refused.err().contains("gamma"), refused.err());
        Run resumed = cli(boSearch("--trials", "6", "--resume", "--out", dir.toString(), "--length-scale-prior", "none"));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("resuming after 5 finished trials"), resumed.out());

        Path fresh = tmp.resolve("bo-gamma");
        List<String> def = boSearch("--trials", "1", "--out", fresh.toString());
        assertEquals(0, cli(def).exit());
        assertEquals("gamma", ExperimentFiles.readJsonObject(fresh.resolve("config.json")).get("length_scale_prior").getAsString());
    }

    /** trials.csv rows without the start and end seconds. */
    static List<String> withoutTrialSeconds(List<String> lines) {
        return lines.stream().map(l -> {
            String[] f = l.split(",", -1);
            f[1] = "";
            f[2] = "";
            return String.join(",", f);
        }).toList();
    }

    /** BO on the toy ridge problem, judged by the exact validation loss: a few trials find c* closely. */
    @Test
    void toySearchFindsTheExactOptimum() throws IOException {
        Path dir = tmp.resolve("toy-bo");
        Run r = cli(List.of("search", "--experiment", "toy", "--problem", "ridge", "--strategy", "bo", "--trials", "8",
                "--threads", "1", "--out", dir.toString()));
        assertEquals(0, r.exit(), r.err());
        JsonObject summary = ExperimentFiles.readJsonObject(dir.resolve("summary.json"));
        JsonObject exact = summary.getAsJsonObject("exact");
        double cStar = exact.get("optimum").getAsDouble();
        double best = summary.getAsJsonObject("best").getAsJsonObject("hyperparameters").get("weight_decay").getAsDouble();
        assertEquals(8, summary.get("trials").getAsInt());
        // the trained validation loss ranks c like the exact one: BO ends within a factor 2 of c* (range 1e-4..10)
        assertTrue(Math.abs(Math.log(best / cStar)) < Math.log(2), "best c " + best + " vs c* " + cStar);
        assertTrue(exact.get("best_trial_regret").getAsDouble() < 0.05, exact.toString());
        assertTrue(r.out().contains("exact optimum weight_decay*"), r.out());
        JsonObject config = ExperimentFiles.readJsonObject(dir.resolve("config.json"));
        assertEquals("ridge", config.get("problem").getAsString());
        assertEquals(15000, config.get("epochs_per_trial").getAsInt());
        assertTrue(r.out().contains("15000 full-batch steps"), r.out());
    }
}
