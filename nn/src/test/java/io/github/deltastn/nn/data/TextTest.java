package io.github.deltastn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTest {
    @TempDir
    Path dir;

    @Test
    void ptbPreprocessing() {
        TextPreprocessor p = TextPreprocessor.ptb();
        assertEquals("the", p.normalize("The"));
        assertEquals("atlanta's", p.normalize("Atlanta's"));
        assertEquals("N", p.normalize("1960"));
        assertEquals("N", p.normalize("1-1/2"));
        assertEquals("N", p.normalize("$1,000.50"));
        assertEquals("1960's", p.normalize("1960's"));
        assertEquals("N", p.normalize("N"));
        assertEquals("<unk>", p.normalize("<unk>"));
        assertNull(p.normalize(","));
        assertNull(p.normalize("``"));
        assertEquals(List.of("he", "said", "N"), p.apply(List.of("He", "said", ",", "1961", ".")));
        assertEquals(",", TextPreprocessor.identity().normalize(","));
    }

    @Test
    void vocabularyKeepsTheMostFrequentWordsWithDeterministicTies() {
        List<List<String>> s = List.of(List.of("b", "a", "c", "a"), List.of("d", "c", "a", "<unk>"), List.of("e"));
        // counts: a 3, c 2, b 1, d 1, e 1 (ties by string order); <unk> is not counted
        Vocabulary v = Vocabulary.build(s, 5);
        assertEquals(List.of("<eos>", "<unk>", "a", "c", "b"), v.words());
        assertEquals(1, v.id("d"));
        assertArrayEquals(new int[] {4, 2, 3, 2, 0, 1, 0}, v.encode(List.of(List.of("b", "a", "c", "a"), List.of("zzz"))));
        assertEquals(7, Vocabulary.build(s, 100).size());
    }

    @Test
    void brownFilesAreParsedIntoSentencesWithTagsStripped() throws IOException {
        Path f = Files.writeString(dir.resolve("ca01"),
                "\n\n\tThe/at Fulton/np-tl jury/nn said/vbd ,/, 1-1/2/cd ./.\n\n\nHeadline/nn-hl here/rb \n\n\t//in x/nn\n");
        List<List<String>> s = BrownCorpus.parse(f);
        assertEquals(List.of(List.of("The", "Fulton", "jury", "said", ",", "1-1/2", "."),
                List.of("Headline", "here"), List.of("/", "x")), s);
    }

    @Test
    void untaggedTokenIsReportedWithLine() throws IOException {
        Path f = Files.writeString(dir.resolve("cb01"), "\tGood/jj\n\n\tbad token/nn\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> BrownCorpus.parse(f));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'bad'"), e.getMessage());
    }

    @Test
    void corpusFolderIsReadInNameOrderAndSplitByDocument() throws IOException {
        List<String> ids = new ArrayList<>();
        StringBuilder cats = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            String id = (i <= 10 ? "ca" : "cb") + String.format("%02d", i <= 10 ? i : i - 10);
            ids.add(id);
            Files.writeString(dir.resolve(id), "\tWord" + i + "/nn ./.\n");
            cats.append(id).append(i <= 10 ? " news\n" : " editorial\n");
        }
        Files.writeString(dir.resolve("cats.txt"), cats.toString());
        Files.writeString(dir.resolve("README"), "not a document");
        List<BrownCorpus.Document> docs = BrownCorpus.read(dir);
        assertEquals(ids, docs.stream().map(BrownCorpus.Document::id).toList());
        assertEquals("editorial", docs.get(19).category());

        BrownCorpus.Splits sp = BrownCorpus.split(docs);
        assertEquals(List.of("ca09", "cb09"), sp.valid().stream().map(BrownCorpus.Document::id).toList());
        assertEquals(List.of("ca10", "cb10"), sp.test().stream().map(BrownCorpus.Document::id).toList());
        assertEquals(16, sp.train().size());

        TextCorpus c = TextCorpus.brown(docs, 10);
        // training words word1..word8, word11..word18 each once: the first 8 in string order are kept
        assertEquals(10, c.vocab().size());
        assertEquals(32, c.train().length); // 16 sentences of one word + <eos>
        assertArrayEquals(new int[] {1, 0, 1, 0}, c.valid()); // word9, word19 are unknown
    }

    @Test
    void readLinesSplitsOnWhitespace() throws IOException {
        Path f = Files.writeString(dir.resolve("ptb.txt"), " a b  c \n\nd\n");
        assertEquals(List.of(List.of("a", "b", "c"), List.of("d")), TextCorpus.readLines(f));
    }

    @Test
    void ptbAppendsEosToEveryLineAndTakesTheVocabularyFromTheTrainingFile() throws IOException {
        Files.writeString(dir.resolve("ptb.train.txt"), " a b <unk> \n c a\n\n");
        Files.writeString(dir.resolve("ptb.valid.txt"), " a z\n");
        Files.writeString(dir.resolve("ptb.test.txt"), "b\n N c\n");
        TextCorpus c = TextCorpus.ptb(dir);
        // counts a 2, b 1, c 1; every training word is kept, whatever the count
        assertEquals(List.of("<eos>", "<unk>", "a", "b", "c"), c.vocab().words());
        assertArrayEquals(new int[] {2, 3, 1, 0, 4, 2, 0}, c.train());
        assertArrayEquals(new int[] {2, 1, 0}, c.valid()); // z is not in the training file
        assertArrayEquals(new int[] {3, 0, 1, 4, 0}, c.test()); // neither is N
    }

    @Test
    void ptbMissingFileIsNamedWithTheThreeNames() throws IOException {
        Files.writeString(dir.resolve("ptb.train.txt"), "a\n");
        Files.writeString(dir.resolve("ptb.test.txt"), "a\n");
        MissingDataException e = assertThrows(MissingDataException.class, () -> TextCorpus.ptb(dir));
        assertEquals(dir.resolve("ptb.valid.txt"), e.path());
        assertTrue(e.getMessage().contains("ptb.train.txt, ptb.valid.txt, ptb.test.txt"), e.getMessage());
    }

    @Test
    void ptbEmptyTrainingFileIsMalformed() throws IOException {
        Path train = Files.writeString(dir.resolve("ptb.train.txt"), " \n\n");
        Files.writeString(dir.resolve("ptb.valid.txt"), "a\n");
        Files.writeString(dir.resolve("ptb.test.txt"), "a\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> TextCorpus.ptb(dir));
        assertEquals(train, e.file());
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void batchifyIsTimeMajorAndSegmentsShiftTargetsByOne() {
        int[] stream = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        LmBatches b = LmBatches.batchify(stream, 3);
        // T = floor(11 / 3) = 3; column 0 = 0 1 2, column 1 = 3 4 5, column 2 = 6 7 8; 9, 10 dropped
        assertEquals(3, b.steps());
        assertEquals(4, b.get(1, 1));
        assertEquals(6, b.get(0, 2));
        LmBatches.Segment s = b.segment(0, 5);
        assertEquals(2, s.length()); // min(5, T - 1 - 0)
        assertArrayEquals(new int[] {0, 3, 6, 1, 4, 7}, s.inputs());
        assertArrayEquals(new int[] {1, 4, 7, 2, 5, 8}, s.targets());
        LmBatches.Segment s1 = b.segment(1, 1);
        assertArrayEquals(new int[] {1, 4, 7}, s1.inputs());
        assertArrayEquals(new int[] {2, 5, 8}, s1.targets());
        assertEquals(2, b.numSegments(1));
        assertEquals(1, b.numSegments(70));
        assertThrows(IllegalArgumentException.class, () -> b.segment(2, 1));
    }
}
