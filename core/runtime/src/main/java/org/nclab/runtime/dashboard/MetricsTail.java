package org.nclab.runtime.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one run's {@code metrics.jsonl}, read incrementally: each {@link #refresh()} parses
 * only complete lines appended since the last, so a page polling a long run costs little. When the
 * file shrinks (a resumed run cut it back to its checkpoint) everything is read again and the
 * {@link #generation()} changes, which tells a page to start over.
 */
final class MetricsTail {
  private static final long MAX_READ = 16 << 20;

  private final Path file;
  private final ObjectMapper json;
  private final List<JsonNode> lines = new ArrayList<>();
  private long offset;
  private int generation;

  MetricsTail(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  /** A consistent view: the generation, and lines from {@code from} on. */
  record Slice(int generation, int from, List<JsonNode> lines, int total) {}

  synchronized Slice since(int from) {
    refresh();
    int start = Math.max(0, Math.min(from, lines.size()));
    return new Slice(
        generation, start, List.copyOf(lines.subList(start, lines.size())), lines.size());
  }

  /** The last line of a phase, or null. */
  synchronized JsonNode last(String phase) {
    refresh();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (phase.equals(lines.get(i).path("phase").asText())) {
        return lines.get(i);
      }
    }
    return null;
  }

  private void refresh() {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException notYet) {
      size = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (size < offset) {
      lines.clear();
      offset = 0;
      generation++;
    }
    if (size == offset) {
      return;
    }
    // A long run's first read comes in slices: a page gets the rest on its next polls.
    byte[] added = readFrom(offset, Math.min(size, offset + MAX_READ));
    int lineStart = 0;
    for (int i = 0; i < added.length; i++) {
      if (added[i] == '\n') {
        String line = new String(added, lineStart, i - lineStart, StandardCharsets.UTF_8);
        lineStart = i + 1;
        if (!line.isBlank()) {
          try {
            lines.add(json.readTree(line));
          } catch (JsonProcessingException damaged) {
            // a line cut by a kill: the run's resume rewrites the file without it
          }
        }
      }
    }
    offset += lineStart; // a line still being written is read in full next time
  }

  private byte[] readFrom(long from, long to) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate((int) (to - from));
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, from + buffer.position()) < 0) {
          break;
        }
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
