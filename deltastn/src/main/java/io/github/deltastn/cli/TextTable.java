package io.github.deltastn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table for the console: first column left-aligned, the others right-aligned. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(String... headers) {
        columns = headers.length;
        rows.add(headers.clone());
    }

    TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("TextTable: expected " + columns + " cells, got " + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    void print(PrintWriter out) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int j = 0; j < columns; j++) {
                width[j] = Math.max(width[j], r[j].length());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            out.println(line(rows.get(i), width));
            if (i == 0) {
                String[] rule = new String[columns];
                for (int j = 0; j < columns; j++) {
                    rule[j] = "-".repeat(width[j]);
                }
                out.println(line(rule, width));
            }
        }
        out.flush();
    }

    private static String line(String[] cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < cells.length; j++) {
            String pad = " ".repeat(width[j] - cells[j].length());
            sb.append(j == 0 ? "" : "  ").append(j == 0 ? cells[j] + pad : pad + cells[j]);
        }
        return sb.toString().stripTrailing();
    }
}
