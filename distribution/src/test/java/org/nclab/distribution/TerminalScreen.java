package org.nclab.distribution;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows after a byte stream, scrollback included: enough of a VT100 to replay what
 * a progress bar writes (carriage returns, cursor up and down, erase line), so a test sees the
 * lines a person would, not the bytes.
 */
final class TerminalScreen {
  private final List<StringBuilder> lines = new ArrayList<>(List.of(new StringBuilder()));
  private int row;
  private int column;

  static List<String> render(String stream) {
    TerminalScreen screen = new TerminalScreen();
    screen.write(stream);
    return screen.lines.stream().map(line -> line.toString().stripTrailing()).toList();
  }

  private void write(String stream) {
    for (int i = 0; i < stream.length(); i++) {
      char c = stream.charAt(i);
      if (c == '\u001b' && i + 1 < stream.length() && stream.charAt(i + 1) == '[') {
        int end = i + 2;
        while (end < stream.length() && !Character.isLetter(stream.charAt(end))) {
          end++;
        }
        if (end < stream.length()) {
          control(stream.substring(i + 2, end), stream.charAt(end));
        }
        i = end;
      } else if (c == '\r') {
        column = 0;
      } else if (c == '\n') {
        down(1);
      } else if (c >= ' ' || c == '\t') {
        StringBuilder line = lines.get(row);
        while (line.length() < column) {
          line.append(' ');
        }
        if (column < line.length()) {
          line.setCharAt(column, c);
        } else {
          line.append(c);
        }
        column++;
      }
    }
  }

  private void control(String parameters, char command) {
    int n =
        parameters.isEmpty()
            ? 1
            : Integer.parseInt(
                parameters.replaceAll("[^0-9].*", "").isEmpty()
                    ? "1"
                    : parameters.replaceAll("[^0-9].*", ""));
    switch (command) {
      case 'A' -> row = Math.max(0, row - n);
      case 'B' -> down(n);
      case 'K' -> {
        StringBuilder line = lines.get(row);
        if (parameters.equals("2")) {
          line.setLength(0);
        } else if (column < line.length()) {
          line.setLength(column);
        }
      }
      default -> {} // colours and the like change no text
    }
  }

  private void down(int n) {
    row += n;
    while (lines.size() <= row) {
      lines.add(new StringBuilder());
    }
  }
}
