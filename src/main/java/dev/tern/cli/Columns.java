package dev.tern.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows of plain text in aligned columns, as list commands print them. */
final class Columns {
    private final List<String[]> rows = new ArrayList<>();

    Columns(String... header) {
        rows.add(header);
    }

    void add(String... row) {
        rows.add(row);
    }

    void print(PrintWriter out) {
        int columns = rows.getFirst().length;
        var widths = new int[columns];
        for (var row : rows) for (int i = 0; i < columns; i++) widths[i] = Math.max(widths[i], row[i].length());
        for (var row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) line.append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.println(line);
        }
        out.flush();
    }
}
