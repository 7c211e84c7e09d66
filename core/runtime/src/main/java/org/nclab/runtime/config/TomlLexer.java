package org.nclab.runtime.config;

import java.util.ArrayList;
import java.util.List;
import org.nclab.runtime.config.TomlToken.Kind;

/**
 * Splits TOML source into tokens, skipping comments and knowing every string form (basic, literal,
 * and both multi-line forms), so that a {@code #}, {@code =} or {@code 0x} inside a string is never
 * mistaken for syntax. Never fails: broken input (an unterminated string) still yields tokens, and
 * TOML4J reports the syntax error itself.
 */
final class TomlLexer {
  // Characters that end a bare word: punctuation, comment and string starts.
  private static final String BARE_STOPS = "[]{}=,#\"'";

  private final String source;
  private final List<TomlToken> tokens = new ArrayList<>();
  private int pos;
  private int line = 1;

  private TomlLexer(String source) {
    this.source = source;
  }

  static List<TomlToken> tokenize(String source) {
    TomlLexer lexer = new TomlLexer(source);
    lexer.run();
    return List.copyOf(lexer.tokens);
  }

  private void run() {
    while (pos < source.length()) {
      char c = source.charAt(pos);
      if (c == '\n') {
        add(Kind.NEWLINE, "\n", pos, pos + 1);
        line++;
        pos++;
      } else if (c == '#') {
        skipComment();
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '"' || c == '\'') {
        string(c);
      } else if (punctuation(c) != null) {
        add(punctuation(c), String.valueOf(c), pos, pos + 1);
        pos++;
      } else {
        bare();
      }
    }
    add(Kind.EOF, "", pos, pos);
  }

  private static Kind punctuation(char c) {
    return switch (c) {
      case '[' -> Kind.LBRACKET;
      case ']' -> Kind.RBRACKET;
      case '{' -> Kind.LBRACE;
      case '}' -> Kind.RBRACE;
      case '=' -> Kind.EQUALS;
      case ',' -> Kind.COMMA;
      default -> null;
    };
  }

  private void skipComment() {
    while (pos < source.length() && source.charAt(pos) != '\n') {
      pos++;
    }
  }

  private void bare() {
    int start = pos;
    while (pos < source.length()
        && !Character.isWhitespace(source.charAt(pos))
        && BARE_STOPS.indexOf(source.charAt(pos)) < 0) {
      pos++;
    }
    add(Kind.BARE, source.substring(start, pos), start, pos);
  }

  private void string(char quote) {
    String triple = String.valueOf(quote).repeat(3);
    boolean multiLine = source.startsWith(triple, pos);
    boolean escapes = quote == '"';
    int start = pos;
    int startLine = line;
    int contentStart = pos + (multiLine ? 3 : 1);
    int i = contentStart;
    int contentEnd = -1;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (escapes && c == '\\') {
        // The escaped character is content even when it is a quote or a (line-ending) newline.
        if (i + 1 < source.length() && source.charAt(i + 1) == '\n') {
          line++;
        }
        i += 2;
      } else if (multiLine ? source.startsWith(triple, i) : c == quote) {
        contentEnd = i;
        i += multiLine ? 3 : 1;
        break;
      } else if (c == '\n') {
        if (!multiLine) {
          break; // unterminated one-line string: stop at the line's end, TOML4J will report it
        }
        line++;
        i++;
      } else {
        i++;
      }
    }
    int end = Math.min(i, source.length());
    String content = source.substring(contentStart, contentEnd < 0 ? end : contentEnd);
    Kind kind = contentEnd < 0 ? Kind.OPEN_STRING : Kind.STRING;
    tokens.add(new TomlToken(kind, content, startLine, start, end));
    pos = end;
  }

  private void add(Kind kind, String text, int start, int end) {
    tokens.add(new TomlToken(kind, text, line, start, end));
  }
}
