package io.github.deltastn.nn.data;

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

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * A numeric table.
     *
     * @param columns column names in file order
     * @param values row-major {@code [rows, columns.size()]}
     */
    public record Table(List<String> columns, Tensor values) {
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
                    if (!NUMBER.matcher(f).matches()) {
                        throw new MalformedDataException(file, "line " + lineNo + ", column " + (j + 1)
                                + " '" + columns.get(j) + "'", "expected a decimal number, got '" + f + "'");
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

    private static List<String> header(Path file, int lineNo, String[] fields) throws MalformedDataException {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < fields.length; j++) {
            String name = fields[j].trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
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
        int k = t.indexOf(target);
        if (k < 0) {
            throw new MalformedDataException(file, "header", "no column named '" + target
                    + "' for the target; the columns are " + t.columns());
        }
        int n = t.numRows();
        int c = t.columns().size();
        double[] v = t.values().data();
        double[] x = new double[n * (c - 1)];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int o = i * (c - 1);
            for (int j = 0; j < c; j++) {
                if (j < k) {
                    x[o + j] = v[i * c + j];
                } else if (j > k) {
                    x[o + j - 1] = v[i * c + j];
                }
            }
            y[i] = v[i * c + k];
        }
        return Dataset.regression(Tensor.wrap(x, n, c - 1), Tensor.wrap(y, n));
    }

    /** The feature column names of {@link #readRegression}: the header without {@code target}. */
    public static List<String> featureNames(Table t, String target) {
        List<String> names = new ArrayList<>(t.columns());
        names.remove(target);
        return names;
    }
}
