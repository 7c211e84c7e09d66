package org.nclab.runtime.config;

/**
 * One lexical token of TOML source.
 *
 * @param text a bare word as written, or a string's content without its quotes (escapes kept)
 * @param line the 1-based line the token starts on
 * @param start offset of the token's first character in the source
 * @param end offset just past the token (past the closing quotes of a string)
 */
record TomlToken(Kind kind, String text, int line, int start, int end) {

  enum Kind {
    /** Anything unquoted that is not punctuation: keys, numbers, booleans, dates, typos. */
    BARE,
    STRING,
    /** A string whose closing quotes are missing; it runs to its line's (or the file's) end. */
    OPEN_STRING,
    LBRACKET,
    RBRACKET,
    LBRACE,
    RBRACE,
    EQUALS,
    COMMA,
    NEWLINE,
    EOF
  }
}
