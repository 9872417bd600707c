package io.github.deltastn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in float32 kernels are exactly what {@link Float32Generator} derives from the float64 ones. */
class Float32GeneratorTest {

    @Test
    void generatedRegionsAreUpToDate() throws IOException {
        Path dir = Float32Generator.sourceDir();
        java.util.List<String> all = new java.util.ArrayList<>(Float32Generator.FILES);
        Float32Generator.MODULE_FILES.forEach(f -> all.add("../../../../../../../../" + f));
        for (String f : all) {
            String text = Files.readString(dir.resolve(f).normalize(), StandardCharsets.UTF_8);
            assertTrue(text.contains(Float32Generator.BEGIN), f + " has no float64 region");
            String want = Float32Generator.regenerate(text);
            if (!want.equals(text)) {
                String[] w = want.split("\n", -1);
                String[] t = text.split("\n", -1);
                int line = 0;
                while (line < Math.min(w.length, t.length) && w[line].equals(t[line])) {
                    line++;
                }
                fail(f + ": the generated float32 kernels are stale (line " + (line + 1) + " should read \""
                        + (line < w.length ? w[line].trim() : "") + "\", is \"" + (line < t.length ? t[line].trim() : "")
                        + "\"); regenerate from the repository root with: " + Float32Generator.COMMAND);
            }
        }
    }

    @Test
    void rules() {
        assertEquals("float x = (float) Math.exp(-Math.abs(v)) + 1.0f;\n",
                Float32Generator.translate("double x = Math.exp(-Math.abs(v)) + 1.0;\n"));
        assertEquals("float[] a = Float.isFinite(y) ? 0.5e-3f : 2f; /*keep*/double s = 0; r = (float) s;\n",
                Float32Generator.translate("double[] a = Double.isFinite(y) ? 0.5e-3 : 2f; /*keep*/double s = 0; r = /*(float)*/s;\n"));
        assertEquals("(float) Math.sqrt((float) Math.log(x)) WorkF32 FLOAT32 0x1.0p-53\n",
                Float32Generator.translate("Math.sqrt(Math.log(x)) WorkF64 FLOAT64 0x1.0p-53\n"));
        assertEquals("  a();\n  if (f(x)) {\n", Float32Generator.translate("  a();\n  //f32: if (f(x)) {\n"));
        assertEquals("x = 1e-3f + a1.length; // in steps of 3.\n",
                Float32Generator.translate("x = 1e-3 + a1.length; // in steps of 3.\n"));
    }
}
