package io.github.deltastn.nn.data;

import io.github.deltastn.core.DType;
import io.github.deltastn.core.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reader for numeric comma-separated tables with a header line (Boston housing, diabetes).
 *
 * <p>Rules: the first non-empty line names the columns (names are trimmed; surrounding double
 * quotes are removed; names must be distinct and non-empty); every later non-empty line has exactly
 * as many fields as the header; every field is a plain decimal number ({@code -1.5}, {@code 2e-3};
 * not {@code NaN}, {@code Inf}, hexadecimal or empty). Blank lines are skipped. Any violation throws
 * a {@link MalformedDataException} naming the file, the line number and the column.
 */
public final class Csv {
    private Csv() {}

    // Unambiguous (digits, then an optional fraction that starts with '.'), so a long non-number fails in
    // linear time; "\d+\.?\d*" backtracks quadratically on a long run of digits.
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    /** Longer fields are not numbers a data set holds (a double needs at most ~25 characters). */
    private static final int MAX_FIELD = 64;

    /**
     * A numeric table.
     *
     * @param columns column names in file order
     * @param values row-major {@code [rows, columns.size()]}
     */
    public record Table(List<String> columns, Tensor values) {
        /** The number of data rows (without the header). */
        public int numRows() {
            return values.dim(0);
        }

        /** Index of a column, or -1. */
        public int indexOf(String name) {
            return columns.indexOf(name);
        }
    }

    /** Reads a table; see the class comment for the rules. */
    public static Table read(Path file) throws IOException {
        List<String> columns = null;
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (columns == null) {
                    columns = header(file, lineNo, fields);
                    continue;
                }
                if (fields.length != columns.size()) {
                    throw new MalformedDataException(file, "line " + lineNo, "expected " + columns.size()
                            + " comma-separated fields as in the header, got " + fields.length);
                }
                double[] row = new double[fields.length];
                for (int j = 0; j < fields.length; j++) {
                    String f = fields[j].trim();
                    if (f.length() > MAX_FIELD || !NUMBER.matcher(f).matches()) {
                        throw new MalformedDataException(file, "line " + lineNo + ", column " + (j + 1)
                                + " '" + columns.get(j) + "'", "expected a decimal number, got " + quote(f));
                    }
                    row[j] = Double.parseDouble(f);
                }
                rows.add(row);
            }
        }
        if (columns == null) {
            throw new MalformedDataException(file, "line 1", "empty file, expected a header line naming the columns");
        }
        int c = columns.size();
        double[] v = new double[rows.size() * c];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, v, i * c, c);
        }
        return new Table(List.copyOf(columns), Tensor.wrap(v, rows.size(), c));
    }

    /** A field for a message: quoted, and cut to 40 characters (a file without commas is one huge field). */
    private static String quote(String f) {
        return f.length() <= 40 ? "'" + f + "'" : "'" + f.substring(0, 40) + "...' (" + f.length() + " characters)";
    }

    private static List<String> header(Path file, int lineNo, String[] fields) throws MalformedDataException {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < fields.length; j++) {
            String name = fields[j].trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            if (name.length() > 200) {
                throw new MalformedDataException(file, "line " + lineNo + ", column " + (j + 1),
                        "column name of " + name.length() + " characters; expected a header line of column names");
            }
            if (name.isEmpty()) {
                throw new MalformedDataException(file, "line " + lineNo + ", column " + (j + 1),
                        "empty column name in the header");
            }
            if (!seen.add(name)) {
                throw new MalformedDataException(file, "line " + lineNo + ", column " + (j + 1),
                        "duplicate column name '" + name + "' in the header");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Reads a table as a regression data set: features = every column but {@code target}, in file
     * order, {@code [N, columns − 1]}; targets = column {@code target}, {@code [N]}.
     *
     * @throws MalformedDataException also when there is no column named {@code target}
     */
    public static Dataset readRegression(Path file, String target) throws IOException {
        Table t = read(file);
        requireColumn(file, t, target);
        return regression(t, target, featureNames(t, target));
    }

    /** {@link #readRegression(Path, String)} with features and targets of {@code dtype} (parsed as float64, rounded). */
    public static Dataset readRegression(Path file, String target, DType dtype) throws IOException {
        return readRegression(file, target).to(dtype);
    }

    /**
     * {@link #readRegression(Path, String, List)} on a table already read from {@code file}; {@code features}
     * null means every column but the target, in file order.
     */
    public static Dataset regression(Path file, Table t, String target, List<String> features)
            throws MalformedDataException {
        requireColumn(file, t, target);
        return features == null ? regression(t, target, featureNames(t, target)) : matched(file, t, target, features);
    }

    /**
     * Reads a table as a regression data set whose feature columns are {@code features}, in that order,
     * matched by name — e.g. a validation file whose columns must be those of the training file.
     *
     * @throws MalformedDataException when the file's columns are not exactly {@code features} and {@code target}
     *     (in any order); the message names the missing and the extra columns
     */
    public static Dataset readRegression(Path file, String target, List<String> features) throws IOException {
        Table t = read(file);
        requireColumn(file, t, target);
        return matched(file, t, target, features);
    }

    private static Dataset matched(Path file, Table t, String target, List<String> features)
            throws MalformedDataException {
        List<String> missing = new ArrayList<>(features);
        missing.removeAll(t.columns());
        List<String> extra = new ArrayList<>(featureNames(t, target));
        extra.removeAll(features);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new MalformedDataException(file, "header", "expected the feature columns " + features + " and the "
                    + "target '" + target + "'" + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (extra.isEmpty() ? "" : "; not expected " + extra));
        }
        return regression(t, target, features);
    }

    private static void requireColumn(Path file, Table t, String target) throws MalformedDataException {
        if (t.indexOf(target) < 0) {
            throw new MalformedDataException(file, "header", "no column named '" + target
                    + "' for the target; the columns are " + t.columns());
        }
    }

    private static Dataset regression(Table t, String target, List<String> features) {
        int n = t.numRows();
        int c = t.columns().size();
        int d = features.size();
        int[] col = new int[d];
        for (int j = 0; j < d; j++) {
            col[j] = t.indexOf(features.get(j));
        }
        int k = t.indexOf(target);
        double[] v = t.values().data();
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = v[i * c + col[j]];
            }
            y[i] = v[i * c + k];
        }
        return Dataset.regression(Tensor.wrap(x, n, d), Tensor.wrap(y, n));
    }

    /** The feature column names of {@link #readRegression}: the header without {@code target}. */
    public static List<String> featureNames(Table t, String target) {
        List<String> names = new ArrayList<>(t.columns());
        names.remove(target);
        return names;
    }
}
