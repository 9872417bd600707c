package io.github.deltastn.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {
    @TempDir
    Path dir;

    @Test
    void rootFollowsTheSharedRule() {
        assertEquals(Paths.get("/data/x"), DataCache.resolveRoot("/data/x", "/home/u"));
        assertEquals(Paths.get("/home/u/.cache/deltastn"), DataCache.resolveRoot(null, "/home/u"));
        assertEquals(Paths.get("/home/u/.cache/deltastn"), DataCache.resolveRoot("", "/home/u"));
    }

    @Test
    void missingFileTellsUserToRunTheFetchScript() throws IOException {
        DataCache c = new DataCache(dir);
        MissingDataException e = assertThrows(MissingDataException.class, () -> Datasets.mnist(c, true));
        assertTrue(e.getMessage().contains("scripts/fetch-data.sh mnist"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("mnist").toString()), e.getMessage());
        assertThrows(MissingDataException.class, () -> Datasets.brown(c));

        Files.createDirectories(dir.resolve("boston"));
        Path f = Files.writeString(dir.resolve("boston/boston.csv"), "crim,medv\n1,24\n");
        assertEquals(f, c.require("boston", "boston.csv"));
        assertEquals(1, Datasets.boston(c).size());
    }
}
