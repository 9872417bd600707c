package io.github.deltastn.nn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A language-modelling corpus: a vocabulary built from the training sentences and the token-id
 * streams of the training, validation and test parts ({@code <eos>} after every sentence; words
 * outside the vocabulary map to {@code <unk>}). Batch the streams with {@link LmBatches#batchify}.
 *
 * @param vocab the vocabulary (from the training part only)
 * @param train training token ids
 * @param valid validation token ids
 * @param test test token ids
 */
public record TextCorpus(Vocabulary vocab, int[] train, int[] valid, int[] test) {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The Penn Treebank language-modelling files read by {@link #ptb}: training, validation, test. */
    public static final List<String> PTB_FILES = List.of("ptb.train.txt", "ptb.valid.txt", "ptb.test.txt");

    /**
     * Preprocesses the three parts, builds the vocabulary of at most {@code vocabSize} entries from
     * the training part and encodes all three. Sentences left empty by preprocessing are dropped
     * (no lone {@code <eos>}).
     */
    public static TextCorpus build(List<List<String>> train, List<List<String>> valid, List<List<String>> test,
                                   int vocabSize, TextPreprocessor pre) {
        List<List<String>> tr = preprocess(train, pre);
        Vocabulary v = Vocabulary.build(tr, vocabSize);
        return new TextCorpus(v, v.encode(tr), v.encode(preprocess(valid, pre)), v.encode(preprocess(test, pre)));
    }

    /** The Brown corpus, split by {@link BrownCorpus#split}, with PTB-style preprocessing. */
    public static TextCorpus brown(List<BrownCorpus.Document> docs, int vocabSize) {
        BrownCorpus.Splits s = BrownCorpus.split(docs);
        return build(BrownCorpus.sentences(s.train()), BrownCorpus.sentences(s.valid()),
                BrownCorpus.sentences(s.test()), vocabSize, TextPreprocessor.ptb());
    }

    /**
     * The Penn Treebank as preprocessed by Mikolov et al. (the standard language-modelling setup): the files
     * {@link #PTB_FILES} of {@code dir}, read with {@link #readLines} (one sentence per line, {@code <unk>}
     * already in the text), no further preprocessing, {@code <eos>} after every line. The vocabulary is every
     * word of the training file (10,000 ids for PTB, {@code <eos>} and {@code <unk>} included); words of the
     * validation and test files outside it map to {@code <unk>}.
     *
     * @throws MissingDataException when one of the three files is not in {@code dir}
     * @throws MalformedDataException when the training file has no tokens
     */
    public static TextCorpus ptb(Path dir) throws IOException {
        for (String name : PTB_FILES) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw MissingDataException.withHint(f, "the folder " + dir + " must hold the Penn Treebank "
                        + "language-modelling files " + String.join(", ", PTB_FILES)
                        + " (from the data/ folder of Mikolov's simple-examples.tgz)");
            }
        }
        Path trainFile = dir.resolve(PTB_FILES.get(0));
        List<List<String>> train = readLines(trainFile);
        if (train.isEmpty()) {
            throw new MalformedDataException(trainFile, "", "no tokens: an empty training file gives no vocabulary");
        }
        return build(train, readLines(dir.resolve(PTB_FILES.get(1))), readLines(dir.resolve(PTB_FILES.get(2))),
                Integer.MAX_VALUE, TextPreprocessor.identity());
    }

    private static List<List<String>> preprocess(List<List<String>> sentences, TextPreprocessor pre) {
        List<List<String>> out = new ArrayList<>(sentences.size());
        for (List<String> s : sentences) {
            List<String> p = pre.apply(s);
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Plain text with one sentence per line and tokens separated by white space (the layout of the
     * PTB files {@code ptb.train.txt} etc.); blank lines are skipped.
     */
    public static List<List<String>> readLines(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String t = line.strip();
                if (!t.isEmpty()) {
                    out.add(Arrays.asList(WHITESPACE.split(t)));
                }
            }
        }
        return out;
    }
}
