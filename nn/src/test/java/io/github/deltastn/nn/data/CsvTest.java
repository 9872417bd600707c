package io.github.deltastn.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("t.csv"), text);
    }

    @Test
    void readsTableAndRegressionDataset() throws IOException {
        Path f = write("a, \"b\" ,y,c\n1,2,3,4\n\n-0.5,2e-1,+7,.25\n");
        Csv.Table t = Csv.read(f);
        assertEquals(List.of("a", "b", "y", "c"), t.columns());
        assertEquals(2, t.numRows());
        assertArrayEquals(new double[] {1, 2, 3, 4, -0.5, 0.2, 7, 0.25}, t.values().data());

        Dataset d = Csv.readRegression(f, "y");
        assertArrayEquals(new int[] {2, 3}, d.features().shape());
        assertArrayEquals(new double[] {1, 2, 4, -0.5, 0.2, 0.25}, d.features().data());
        assertArrayEquals(new double[] {3, 7}, d.targets().data());
        assertEquals(List.of("a", "b", "c"), Csv.featureNames(t, "y"));
    }

    @Test
    void raggedRowNamesLineAndCounts() throws IOException {
        Path f = write("a,b,c\n1,2,3\n4,5\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 3") && e.getMessage().contains("got 2"), e.getMessage());
    }

    @Test
    void nonNumericFieldNamesLineAndColumn() throws IOException {
        for (String bad : new String[] {"abc", "", "NaN", "Infinity", "1d", "0x10", "1.2.3"}) {
            Path f = write("a,b\n1,2\n3," + bad + "\n");
            MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.read(f), bad);
            assertTrue(e.getMessage().contains("line 3, column 2 'b'"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void unknownTargetListsTheColumns() throws IOException {
        Path f = write("crim,medv\n1,2\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> Csv.readRegression(f, "price"));
        assertTrue(e.getMessage().contains("'price'") && e.getMessage().contains("[crim, medv]"), e.getMessage());
    }

    @Test
    void emptyFileAndBadHeadersAreReported() throws IOException {
        Path empty = write("\n\n");
        assertTrue(assertThrows(MalformedDataException.class, () -> Csv.read(empty)).getMessage().contains("header"));
        Path dup = write("a,b,a\n1,2,3\n");
        assertTrue(assertThrows(MalformedDataException.class, () -> Csv.read(dup)).getMessage().contains("duplicate column name 'a'"));
        Path blank = write("a,,c\n1,2,3\n");
        assertTrue(assertThrows(MalformedDataException.class, () -> Csv.read(blank)).getMessage().contains("column 2"));
    }
}
