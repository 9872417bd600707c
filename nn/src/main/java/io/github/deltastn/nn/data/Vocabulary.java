package io.github.deltastn.nn.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word ↔ id map: id 0 is {@code <eos>}, id 1 is {@code <unk>}, then the most frequent words of the
 * corpus it was built from, by decreasing count (ties broken by the word's natural {@code String}
 * order, so the result does not depend on iteration order). {@link #size()} counts the two special
 * tokens, as PTB's 10,000-word vocabulary does.
 */
public final class Vocabulary {
    /** The end-of-sentence token, id 0. */
    public static final String EOS = "<eos>";
    /** The unknown-word token, id 1. */
    public static final String UNK = "<unk>";
    /** What {@link TextPreprocessor} turns numbers into. */
    public static final String NUMBER = "N";

    private final List<String> words;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> words) {
        this.words = List.copyOf(words);
        this.ids = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
        }
    }

    /**
     * The vocabulary of at most {@code maxSize} entries (the two special tokens plus the
     * {@code maxSize − 2} most frequent words) of the given sentences.
     */
    public static Vocabulary build(Collection<? extends List<String>> sentences, int maxSize) {
        if (maxSize < 2) {
            throw new IllegalArgumentException("Vocabulary: maxSize must be >= 2 (for <eos> and <unk>), got " + maxSize);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> s : sentences) {
            for (String w : s) {
                if (!w.equals(EOS) && !w.equals(UNK)) {
                    counts.merge(w, 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
        byCount.sort((a, b) -> a.getValue().equals(b.getValue())
                ? a.getKey().compareTo(b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        List<String> words = new ArrayList<>();
        words.add(EOS);
        words.add(UNK);
        for (int i = 0; i < byCount.size() && words.size() < maxSize; i++) {
            words.add(byCount.get(i).getKey());
        }
        return new Vocabulary(words);
    }

    /** A vocabulary with exactly these words as ids {@code 0..n-1}; must start with {@code <eos>, <unk>}. */
    public static Vocabulary of(List<String> words) {
        if (words.size() < 2 || !words.get(0).equals(EOS) || !words.get(1).equals(UNK)) {
            throw new IllegalArgumentException("Vocabulary.of: the list must start with " + EOS + ", " + UNK);
        }
        if (words.stream().distinct().count() != words.size()) {
            throw new IllegalArgumentException("Vocabulary.of: words are not distinct");
        }
        return new Vocabulary(words);
    }

    /** The number of ids, the two special tokens included. */
    public int size() {
        return words.size();
    }

    /** The id of {@code <eos>}. */
    public int eosId() {
        return 0;
    }

    /** The id of {@code <unk>}. */
    public int unkId() {
        return 1;
    }

    /** The id of {@code word}, or {@link #unkId()} when it is not in the vocabulary. */
    public int id(String word) {
        Integer i = ids.get(word);
        return i == null ? 1 : i;
    }

    /** True when {@code word} has its own id. */
    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    /** The word with id {@code id}. */
    public String word(int id) {
        return words.get(id);
    }

    /** All words by id. */
    public List<String> words() {
        return words;
    }

    /** Token ids of the sentences, each followed by {@code <eos>}. */
    public int[] encode(Collection<? extends List<String>> sentences) {
        int n = 0;
        for (List<String> s : sentences) {
            n += s.size() + 1;
        }
        int[] out = new int[n];
        int k = 0;
        for (List<String> s : sentences) {
            for (String w : s) {
                out[k++] = id(w);
            }
            out[k++] = eosId();
        }
        return out;
    }
}
