package org.nclab.plugins.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nclab.plugins.datasets.IdxBytes.concat;
import static org.nclab.plugins.datasets.IdxBytes.gzip;
import static org.nclab.plugins.datasets.IdxBytes.write;
import static org.nclab.plugins.datasets.NpmPackageBytes.header;
import static org.nclab.plugins.datasets.NpmPackageBytes.padded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nclab.api.UserException;

class TarReaderTest {
  private static final byte[] BIG = IdxBytes.randomBytes(1300, 256, 5); // three blocks, padded

  @TempDir Path dir;

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void next_listsEveryRegularFileWithItsContent(boolean gzipped) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("package/package.json", bytes("{}"));
    files.put("package/src/digits/0.json", BIG);
    files.put("package/empty", new byte[0]);
    byte[] tar = NpmPackageBytes.tar(files);

    Map<String, String> expected = new LinkedHashMap<>();
    files.forEach((name, content) -> expected.put(name, latin1(content)));
    assertEquals(expected, readAll(write(dir, "p.tgz", gzipped ? gzip(tar) : tar)));
  }

  @Test
  void next_skipsUnreadContent() {
    byte[] tar = NpmPackageBytes.tar(Map.of("package/a", BIG));
    byte[] withSecond = concat(Arrays.copyOf(tar, tar.length - 1024),
        NpmPackageBytes.tar(Map.of("package/b", bytes("b"))));

    try (TarReader reader = TarReader.open(write(dir, "p.tar", withSecond))) {
      assertEquals("package/a", reader.next().name());
      TarReader.Entry second = reader.next();
      assertEquals(new TarReader.Entry("package/b", 1, 512 + 1536), second);
      assertNull(reader.next());
      assertNull(reader.next());
    }
  }

  @Test
  void next_passesOverFoldersAndLinks() {
    byte[] tar = concat(concat(header("package/src/", 0, '5'), header("package/link", 0, '2')),
        NpmPackageBytes.tar(Map.of("package/a", bytes("a"))));

    assertEquals(Map.of("package/a", "a"), readAll(write(dir, "p.tar", tar)));
  }

  /** npm writes names over 100 characters into a pax header that precedes the entry. */
  @Test
  void paxPath_namesTheNextEntry() {
    String longName = "package/" + "d/".repeat(60) + "0.json";
    byte[] record = paxRecord("path", longName);
    byte[] tar = concat(concat(header("PaxHeader", record.length, 'x'), padded(record)),
        NpmPackageBytes.tar(Map.of("package/truncated-name", bytes("x"))));

    assertEquals(Map.of(longName, "x"), readAll(write(dir, "p.tar", tar)));
  }

  @Test
  void gnuLongName_namesTheNextEntry() {
    String longName = "package/" + "e/".repeat(60) + "1.json";
    byte[] name = bytes(longName + "\0");
    byte[] tar = concat(concat(header("././@LongLink", name.length, 'L'), padded(name)),
        NpmPackageBytes.tar(Map.of("package/truncated-name", bytes("y"))));

    assertEquals(Map.of(longName, "y"), readAll(write(dir, "p.tar", tar)));
  }

  @Test
  void ustarPrefix_isJoinedToTheName() {
    byte[] header = header("0.json", 1, '0');
    byte[] prefix = bytes("package/src/digits");
    System.arraycopy(prefix, 0, header, 345, prefix.length);
    byte[] tar = concat(concat(NpmPackageBytes.withChecksum(header), padded(bytes("z"))),
        new byte[1024]);

    assertEquals(Map.of("package/src/digits/0.json", "z"), readAll(write(dir, "p.tar", tar)));
  }

  @Test
  void checksumMismatch() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("package/a", BIG);
    files.put("package/b", bytes("b"));
    byte[] tar = NpmPackageBytes.tar(files);
    tar[2048 + 10] ^= 1; // second header, inside its name
    assertFails(tar, "tar header checksum is", "tar byte 2048", "not a tar archive");
  }

  @Test
  void notATarArchive() {
    assertFails(bytes("{\"data\": []}" + " ".repeat(600)), "malformed checksum field",
        "tar byte 0", "npm package tarball (.tgz) or its unpacked folder");
  }

  @Test
  void malformedSize() {
    byte[] header = header("package/a", 1, '0');
    System.arraycopy(bytes("9"), 0, header, 124, 1);
    assertFails(concat(NpmPackageBytes.withChecksum(header), new byte[1536]),
        "malformed size field", "tar byte 0");
  }

  @Test
  void endsInsideAHeader() {
    byte[] tar = NpmPackageBytes.tar(Map.of("package/a", bytes("a")));
    assertFails(Arrays.copyOf(tar, 1024 + 100), "archive ends 100 bytes into a 512-byte header",
        "tar byte 1024", "truncated");
  }

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void endsInsideAnEntry_namesIt(boolean gzipped) {
    byte[] tar = Arrays.copyOf(NpmPackageBytes.tar(Map.of("package/a", BIG)), 512 + 1000);
    assertFails(gzipped ? gzip(tar) : tar,
        "archive ends inside entry package/a (1300 bytes from tar byte 512)", "tar byte 1512");
  }

  @Test
  void endsWithoutEndOfArchiveBlock() {
    byte[] tar = NpmPackageBytes.tar(Map.of("package/a", bytes("a")));
    assertFails(Arrays.copyOf(tar, 1024), "archive ends without its end-of-archive block",
        "tar byte 1024");
  }

  @Test
  void gzipCutOff_namesTheEntryBeingRead() {
    byte[] compressed = gzip(NpmPackageBytes.tar(
        Map.of("package/a", IdxBytes.randomBytes(200_000, 256, 8))));
    assertFails(Arrays.copyOf(compressed, compressed.length / 2), "gzip stream is cut off",
        "entry package/a", "truncated");
  }

  /** gzip's CRC follows the end-of-archive block: the reader must read on to check it. */
  @Test
  void gzipChecksumMismatch() {
    byte[] compressed = gzip(NpmPackageBytes.tar(Map.of("package/a", bytes("a"))));
    compressed[compressed.length - 8] ^= 1;
    assertFails(compressed, "corrupt gzip stream");
  }

  /** Each file's name and content, the content as Latin-1 text so that maps compare it. */
  private Map<String, String> readAll(Path tarball) {
    Map<String, String> files = new LinkedHashMap<>();
    try (TarReader reader = TarReader.open(tarball)) {
      for (TarReader.Entry entry; (entry = reader.next()) != null; ) {
        try (InputStream content = reader.content()) {
          byte[] bytes = content.readAllBytes();
          assertEquals(entry.size(), bytes.length);
          files.put(entry.name(), latin1(bytes));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files;
  }

  private void assertFails(byte[] tarball, String... facts) {
    Path file = write(dir, "broken.tgz", tarball);
    UserException e = assertThrows(UserException.class, () -> readAll(file));
    String message = e.getMessage();
    assertTrue(message.contains(file.toString()), () -> "no tarball in: " + message);
    for (String fact : facts) {
      assertTrue(message.contains(fact), () -> "no '" + fact + "' in: " + message);
    }
    assertFalse(message.contains("\n"), () -> "not one line: " + message);
  }

  private static byte[] paxRecord(String key, String value) {
    String body = " " + key + "=" + value + "\n";
    int length = body.length() + 1;
    while (Integer.toString(length).length() + body.length() != length) {
      length++;
    }
    return bytes(length + body);
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
