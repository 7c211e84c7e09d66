package org.nclab.plugins.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds npm-style class files and tarballs, good and broken, for tests. */
final class NpmPackageBytes {
  /** A tar block. */
  static final int BLOCK = 512;

  private NpmPackageBytes() {}

  /** {@code {"data": [v, v, ...]}}, mnist's flat layout, values as Float.toString writes them. */
  static String flatJson(float[] values) {
    StringBuilder json = new StringBuilder("{ \"data\": [");
    for (int i = 0; i < values.length; i++) {
      json.append(i == 0 ? "" : ",").append(values[i]);
    }
    return json.append("]}").toString();
  }

  /** {@code {"data":[[...],[...]]}}, fashion-mnist's layout: one array of integers per image. */
  static String nestedJson(int[][] images) {
    StringBuilder json = new StringBuilder("{\"data\":[");
    for (int i = 0; i < images.length; i++) {
      json.append(i == 0 ? "[" : ",[");
      for (int j = 0; j < images[i].length; j++) {
        json.append(j == 0 ? "" : ",").append(images[i][j]);
      }
      json.append(']');
    }
    return json.append("]}").toString();
  }

  /** A ustar archive of {@code files} (name to content, in order), ended by two zero blocks. */
  static byte[] tar(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    files.forEach((name, content) -> out.writeBytes(entry(name, content)));
    out.writeBytes(new byte[2 * BLOCK]);
    return out.toByteArray();
  }

  /** One regular file's header and padded content. */
  static byte[] entry(String name, byte[] content) {
    return IdxBytes.concat(header(name, content.length, '0'), padded(content));
  }

  /** An entry's content followed by zeros to the next 512-byte block. */
  static byte[] padded(byte[] content) {
    int blocks = (content.length + BLOCK - 1) / BLOCK;
    return Arrays.copyOf(content, blocks * BLOCK);
  }

  /** A POSIX ustar header with a correct checksum. */
  static byte[] header(String name, long size, char type) {
    byte[] header = new byte[BLOCK];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", size));
    put(header, 136, "00000000000");
    header[156] = (byte) type;
    put(header, 257, "ustar");
    put(header, 263, "00");
    return withChecksum(header);
  }

  /** Recomputes the checksum of a header after a test changed it. */
  static byte[] withChecksum(byte[] header) {
    Arrays.fill(header, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xFF;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    return header;
  }

  /** The files of a package under npm's root folder "package/". */
  static Map<String, byte[]> inPackage(Map<String, String> files) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/package.json", "{\"name\": \"test\"}".getBytes(StandardCharsets.UTF_8));
    files.forEach(
        (name, text) -> entries.put("package/" + name, text.getBytes(StandardCharsets.UTF_8)));
    return entries;
  }

  /** Writes {@code files} (name to text) below {@code folder}, creating folders. */
  static Path writeFolder(Path folder, Map<String, String> files) {
    try {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = folder.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
