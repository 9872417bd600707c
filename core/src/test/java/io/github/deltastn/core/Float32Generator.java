package io.github.deltastn.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives core's float32 kernels from its float64 kernels (EJML style): the one source of truth is
 * the float64 code; the float32 code is generated text, checked in, and never edited by hand.
 *
 * <p>In each file of {@link #FILES}, every region between the lines {@value #BEGIN} and {@value #END}
 * is translated and written right after it, between {@value #GEN_BEGIN} and {@value #GEN_END} (an
 * existing generated region there is replaced). {@code Float32GeneratorTest} fails when a checked-in
 * region is stale. Regenerate from the repository root with
 * <pre>{@code java core/src/test/java/io/github/deltastn/core/Float32Generator.java}</pre>
 * (a single-file program: it needs no build, so it also repairs a tree that does not compile).
 *
 * <p>Rules, applied in this order to the region's text (code and comments alike):
 * <ol>
 *   <li>{@code /*keep*}{@code /double} stays {@code double} (e.g. a sum accumulated in double);</li>
 *   <li>{@code /*(float)*}{@code /} becomes the cast {@code (float)} (where a kept double flows into a float);</li>
 *   <li>a line comment {@code //f32: } followed by code becomes that code: float32-only statements, e.g. a
 *       call of a float-specific helper written outside the regions;</li>
 *   <li>the word {@code double} becomes {@code float}; {@code Double} at the start of a word becomes
 *       {@code Float} ({@code Double.isFinite}, {@code DoubleVector}, {@code VectorSpecies<Double>});</li>
 *   <li>identifiers ending in {@code F64} end in {@code F32} (per-dtype helpers and tile constants such
 *       as {@code NC_F64}), and {@code FLOAT64} / {@code float64} / {@code dgemm} become
 *       {@code FLOAT32} / {@code float32} / {@code sgemm};</li>
 *   <li>decimal floating-point literals without a suffix ({@code 1.0}, {@code 0.5e-3}, {@code 1e-3}; not
 *       {@code 1.}, which would also match the end of a sentence) get the suffix {@code f};</li>
 *   <li>calls of the {@code Math} methods that return {@code double} for a {@code float} argument
 *       ({@value #DOUBLE_MATH}) are cast: {@code (float) Math.exp(…)}. {@code Math.max/min/abs/fma} have
 *       float overloads and stay.</li>
 * </ol>
 * Methods keep their names: the float32 code consists of overloads on {@code float[]} / {@code float}.
 * Code that does not mention a floating-point type (shape logic, index checks) belongs outside the regions.
 */
public final class Float32Generator {
    static final String BEGIN = "// BEGIN float64 kernels";
    static final String END = "// END float64 kernels";
    static final String GEN_BEGIN = "// BEGIN generated float32 kernels";
    static final String GEN_END = "// END generated float32 kernels";
    static final String DOUBLE_MATH = "exp, log, log1p, expm1, tanh, sqrt, ceil, floor, cos, sin, pow";
    /** The command that regenerates every file, for messages. */
    static final String COMMAND = "java core/src/test/java/io/github/deltastn/core/Float32Generator.java";

    /** Files (relative to core/src/main/java/io/github/deltastn/core) with float64 regions. */
    static final List<String> FILES = List.of("Tensor.java", "Elementwise.java", "Broadcast.java", "Reduce.java",
            "Gemm.java", "FastKernels.java", "VectorKernels.java", "Conv.java");

    /** Files of other modules with float64 regions, relative to the repository root (nn's optimizer updates). */
    static final List<String> MODULE_FILES = List.of("nn/src/main/java/io/github/deltastn/nn/optim/Optimizer.java",
            "nn/src/main/java/io/github/deltastn/nn/optim/Sgd.java", "nn/src/main/java/io/github/deltastn/nn/optim/Adam.java",
            "nn/src/main/java/io/github/deltastn/nn/optim/RmsProp.java");

    private static final Pattern LITERAL =
            Pattern.compile("(?<![\\w.])(\\d+\\.\\d+(?:[eE][+-]?\\d+)?|\\d+[eE][+-]?\\d+|\\.\\d+(?:[eE][+-]?\\d+)?)(?![\\w.])");
    private static final Pattern MATH =
            Pattern.compile("(?<![\\w.])Math\\.(exp|log|log1p|expm1|tanh|sqrt|ceil|floor|cos|sin|pow)\\(");

    private Float32Generator() {}

    /** Regenerates every file in place; the only argument (optional) is the core source directory. */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : sourceDir();
        List<Path> files = new ArrayList<>();
        FILES.forEach(f -> files.add(dir.resolve(f)));
        if (args.length == 0) {
            MODULE_FILES.forEach(f -> files.add(repositoryRoot().resolve(f)));
        }
        for (Path p : files) {
            String old = Files.readString(p, StandardCharsets.UTF_8);
            String now = regenerate(old);
            if (!now.equals(old)) {
                Files.writeString(p, now, StandardCharsets.UTF_8);
                System.out.println("regenerated " + p);
            }
        }
    }

    /** core's main source package directory, from the repository root or from core/. */
    static Path sourceDir() {
        String rel = "src/main/java/io/github/deltastn/core";
        Path fromRoot = Path.of("core", rel);
        return Files.isDirectory(fromRoot) ? fromRoot : Path.of(rel);
    }

    /** The repository root, from the root itself or from core/ (where the tests run). */
    static Path repositoryRoot() {
        return Files.isDirectory(Path.of("core", "src")) ? Path.of(".") : Path.of("..");
    }

    /** The file text with every generated region rewritten from its float64 region. */
    static String regenerate(String text) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i++];
            out.add(line);
            if (!line.trim().startsWith(BEGIN)) {
                continue;
            }
            String indent = line.substring(0, line.indexOf(BEGIN));
            StringBuilder region = new StringBuilder();
            while (true) {
                if (i >= lines.length) {
                    throw new IllegalStateException("Float32Generator: '" + BEGIN + "' without '" + END + "'");
                }
                String l = lines[i++];
                out.add(l);
                if (l.trim().startsWith(END)) {
                    break;
                }
                region.append(l).append('\n');
            }
            // drop an existing generated region (and the blank line before it)
            int j = i;
            while (j < lines.length && lines[j].isBlank()) {
                j++;
            }
            if (j < lines.length && lines[j].trim().startsWith(GEN_BEGIN)) {
                while (j < lines.length && !lines[j].trim().startsWith(GEN_END)) {
                    j++;
                }
                i = j + 1;
            }
            out.add("");
            out.add(indent + GEN_BEGIN + ": generated from the float64 region above by Float32Generator, do not edit;");
            out.add(indent + "// regenerate with: " + COMMAND);
            String body = translate(region.toString());
            out.add(body.substring(0, body.length() - 1));
            out.add(indent + GEN_END);
        }
        return String.join("\n", out);
    }

    /** The float32 text of a float64 region (the rules in the class comment). */
    static String translate(String s) {
        s = s.replace("/*keep*/double", "\u0000KEEP\u0000");
        s = s.replace("/*(float)*/", "(float) ");
        s = s.replaceAll("(?m)^(\\s*)//f32: ", "$1");
        s = s.replaceAll("\\bdouble\\b", "float");
        s = s.replaceAll("\\bDouble", "Float");
        s = s.replaceAll("F64\\b", "F32");
        s = s.replace("FLOAT64", "FLOAT32").replace("float64", "float32").replace("dgemm", "sgemm");
        s = s.replace("\u0000KEEP\u0000", "/*keep*/double");
        s = LITERAL.matcher(s).replaceAll("$1f");
        return castMath(s);
    }

    /** Wraps each double-returning Math call in {@code (float)}, arguments first. */
    private static String castMath(String s) {
        Matcher m = MATH.matcher(s);
        StringBuilder sb = new StringBuilder();
        int pos = 0;
        while (m.find(pos)) {
            int open = m.end() - 1;
            int close = matching(s, open);
            sb.append(s, pos, m.start());
            boolean cast = !sb.toString().endsWith("(float) ");
            sb.append(cast ? "(float) " : "").append(s, m.start(), open + 1)
                    .append(castMath(s.substring(open + 1, close))).append(')');
            pos = close + 1;
        }
        return sb.append(s.substring(pos)).toString();
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return k;
            }
        }
        throw new IllegalStateException("Float32Generator: unbalanced parentheses after " + s.substring(open));
    }
}
