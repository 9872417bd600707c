package io.github.deltastn.nn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Penn-Treebank-style token normalisation (as in Mikolov's PTB language-model data):
 * <ol>
 *   <li>lower-case ({@link Locale#ROOT});
 *   <li>a token that contains a digit and no letter (e.g. {@code 1960}, {@code 3.5}, {@code 1,000},
 *       {@code 1-1/2}, {@code $5}) becomes {@code N};
 *   <li>a token with no letter and no digit (punctuation such as {@code ,} {@code .} {@code ``}
 *       {@code --}) is dropped.
 * </ol>
 * Each step can be switched off. The special tokens {@code <unk>}, {@code <eos>} and {@code N} pass
 * unchanged, so already-normalised text stays as it is.
 */
public final class TextPreprocessor {
    private final boolean lowerCase;
    private final boolean replaceNumbers;
    private final boolean dropPunctuation;

    /** Each step on or off: lower-casing, numbers to {@code N}, dropping punctuation. */
    public TextPreprocessor(boolean lowerCase, boolean replaceNumbers, boolean dropPunctuation) {
        this.lowerCase = lowerCase;
        this.replaceNumbers = replaceNumbers;
        this.dropPunctuation = dropPunctuation;
    }

    /** All three steps on. */
    public static TextPreprocessor ptb() {
        return new TextPreprocessor(true, true, true);
    }

    /** No change at all (for text that is already preprocessed, such as the PTB files). */
    public static TextPreprocessor identity() {
        return new TextPreprocessor(false, false, false);
    }

    /** The normalised token, or null when it is dropped. */
    public String normalize(String token) {
        if (token.equals(Vocabulary.UNK) || token.equals(Vocabulary.EOS) || token.equals(Vocabulary.NUMBER)) {
            return token;
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            letter |= Character.isLetter(cp);
            digit |= Character.isDigit(cp);
            i += Character.charCount(cp);
        }
        if (replaceNumbers && digit && !letter) {
            return Vocabulary.NUMBER;
        }
        if (dropPunctuation && !digit && !letter) {
            return null;
        }
        return lowerCase ? token.toLowerCase(Locale.ROOT) : token;
    }

    /** Normalises a sentence, leaving out dropped tokens. */
    public List<String> apply(List<String> sentence) {
        List<String> out = new ArrayList<>(sentence.size());
        for (String t : sentence) {
            String n = normalize(t);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }
}
