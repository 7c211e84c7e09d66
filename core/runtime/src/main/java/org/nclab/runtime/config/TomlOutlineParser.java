package org.nclab.runtime.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nclab.runtime.config.TomlOutline.Entry;
import org.nclab.runtime.config.TomlOutline.Header;
import org.nclab.runtime.config.TomlOutline.Value;
import org.nclab.runtime.config.TomlToken.Kind;

/** Builds a {@link TomlOutline} from {@link TomlLexer} tokens. */
final class TomlOutlineParser {
  private final String source;
  private final List<TomlToken> tokens;
  private final List<Header> headers = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();
  // How many [[x]] tables each array-table path has so far; the last one is the current one.
  private final Map<String, Integer> arrayTableCounts = new HashMap<>();
  private String tablePath = "";
  private int pos;

  private TomlOutlineParser(String source) {
    this.source = source;
    this.tokens = TomlLexer.tokenize(source);
  }

  static TomlOutline parse(String source) {
    TomlOutlineParser parser = new TomlOutlineParser(source);
    parser.document();
    return new TomlOutline(List.copyOf(parser.headers), List.copyOf(parser.entries));
  }

  private void document() {
    while (peek().kind() != Kind.EOF) {
      switch (peek().kind()) {
        case NEWLINE -> pos++;
        case LBRACKET -> header();
        case BARE, STRING -> {
          Entry entry = keyValue(tablePath);
          if (entry != null) {
            entries.add(entry);
          }
          skipRestOfLine();
        }
        default -> skipRestOfLine();
      }
    }
  }

  private void header() {
    TomlToken open = next();
    boolean arrayTable = peek().kind() == Kind.LBRACKET && peek().start() == open.end();
    if (arrayTable) {
      next();
    }
    List<String> name = keyParts();
    skipRestOfLine();
    if (!name.isEmpty()) {
      tablePath = resolveHeader(name, arrayTable);
      headers.add(new Header(tablePath, arrayTable, open.line()));
    }
  }

  /** The second {@code [[regularizer]]} is {@code regularizer[1]}, {@code [a.b]} under it too. */
  private String resolveHeader(List<String> name, boolean arrayTable) {
    String path = "";
    for (int i = 0; i < name.size(); i++) {
      path = KeyPaths.join(path, name.get(i));
      if (arrayTable && i == name.size() - 1) {
        path = KeyPaths.index(path, arrayTableCounts.merge(path, 1, Integer::sum) - 1);
      } else if (arrayTableCounts.containsKey(path)) {
        path = KeyPaths.index(path, arrayTableCounts.get(path) - 1);
      }
    }
    return path;
  }

  /** A key or table name: bare words split at dots, quoted parts kept whole. */
  private List<String> keyParts() {
    List<String> parts = new ArrayList<>();
    while (peek().kind() == Kind.BARE || peek().kind() == Kind.STRING) {
      TomlToken token = next();
      if (token.kind() == Kind.STRING) {
        parts.add(token.text());
      } else {
        for (String part : token.text().split("\\.")) {
          if (!part.isEmpty()) {
            parts.add(part);
          }
        }
      }
    }
    return parts;
  }

  /** A statement, or null when it has no {@code =} (TOML4J reports that). */
  private Entry keyValue(String parentPath) {
    int line = peek().line();
    List<String> key = keyParts();
    if (peek().kind() != Kind.EQUALS || key.isEmpty()) {
      return null;
    }
    next();
    String path = KeyPaths.join(parentPath, String.join(".", key));
    int valueStart = peek().start();
    int tokensBefore = pos;
    Value value = value(path);
    TomlToken last = pos > tokensBefore ? tokens.get(pos - 1) : null;
    String valueText = last == null ? "" : source.substring(valueStart, last.end()).strip();
    int endLine = last == null ? line : last.line() + newlines(last.start(), last.end());
    return new Entry(parentPath, List.copyOf(key), value, line, endLine, valueText);
  }

  private Value value(String path) {
    TomlToken token = peek();
    return switch (token.kind()) {
      case STRING -> {
        next();
        boolean basic = source.charAt(token.start()) == '"';
        ScalarKind kind = basic ? ScalarKind.ofBasicString(token.text()) : ScalarKind.STRING;
        yield new TomlOutline.Scalar(kind, token.text(), token.line());
      }
      case OPEN_STRING -> {
        next();
        yield new TomlOutline.Scalar(ScalarKind.OPEN_STRING, token.text(), token.line());
      }
      case BARE -> bareValue();
      case LBRACKET -> array(path);
      case LBRACE -> inlineTable(path);
      default -> new TomlOutline.Missing(token.line());
    };
  }

  private Value bareValue() {
    TomlToken token = next();
    String text = token.text();
    // TOML 1.0 allows a space between date and time: "1979-05-27 07:32:00Z" is one value.
    if (ScalarKind.isDate(text)
        && peek().kind() == Kind.BARE
        && peek().line() == token.line()
        && ScalarKind.isTimeStart(peek().text())) {
      text = text + " " + next().text();
    }
    return new TomlOutline.Scalar(ScalarKind.ofBare(text), text, token.line());
  }

  private Value array(String path) {
    int line = next().line();
    List<Value> elements = new ArrayList<>();
    while (true) {
      Kind kind = peek().kind();
      if (kind == Kind.RBRACKET) {
        next();
        break;
      } else if (kind == Kind.EOF) {
        break;
      } else if (kind == Kind.STRING
          || kind == Kind.OPEN_STRING
          || kind == Kind.BARE
          || kind == Kind.LBRACKET
          || kind == Kind.LBRACE) {
        elements.add(value(KeyPaths.index(path, elements.size())));
      } else {
        next(); // commas and newlines separate; anything else is TOML4J's to report
      }
    }
    return new TomlOutline.Array(List.copyOf(elements), line);
  }

  private Value inlineTable(String path) {
    int line = next().line();
    List<Entry> inner = new ArrayList<>();
    while (true) {
      Kind kind = peek().kind();
      if (kind == Kind.RBRACE) {
        next();
        break;
      } else if (kind == Kind.EOF || kind == Kind.NEWLINE) {
        break;
      } else if (kind == Kind.BARE || kind == Kind.STRING) {
        Entry entry = keyValue(path);
        if (entry == null) {
          break;
        }
        inner.add(entry);
      } else {
        next();
      }
    }
    return new TomlOutline.InlineTable(List.copyOf(inner), line);
  }

  private int newlines(int from, int to) {
    int count = 0;
    for (int i = from; i < to; i++) {
      if (source.charAt(i) == '\n') {
        count++;
      }
    }
    return count;
  }

  private void skipRestOfLine() {
    while (peek().kind() != Kind.NEWLINE && peek().kind() != Kind.EOF) {
      pos++;
    }
  }

  private TomlToken peek() {
    return tokens.get(pos);
  }

  private TomlToken next() {
    return tokens.get(pos++);
  }
}
