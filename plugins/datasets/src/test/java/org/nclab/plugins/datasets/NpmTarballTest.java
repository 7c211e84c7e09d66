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

/** Commons Compress reads what npm writes, and every damage ends in a one-line UserException. */
class NpmTarballTest {
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
    byte[] withSecond =
        concat(
            Arrays.copyOf(tar, tar.length - 1024),
            NpmPackageBytes.tar(Map.of("package/b", bytes("b"))));

    try (NpmTarball reader = NpmTarball.open(write(dir, "p.tar", withSecond))) {
      assertEquals("package/a", reader.next());
      assertEquals("package/b", reader.next());
      assertNull(reader.next());
      assertNull(reader.next());
    }
  }

  @Test
  void next_passesOverFoldersAndLinks() {
    byte[] tar =
        concat(
            concat(header("package/src/", 0, '5'), header("package/link", 0, '2')),
            NpmPackageBytes.tar(Map.of("package/a", bytes("a"))));

    assertEquals(Map.of("package/a", "a"), readAll(write(dir, "p.tar", tar)));
  }

  /** npm writes names over 100 characters into a pax header that precedes the entry. */
  @Test
  void paxPath_namesTheNextEntry() {
    String longName = "package/" + "d/".repeat(60) + "0.json";
    byte[] record = paxRecord("path", longName);
    byte[] tar =
        concat(
            concat(header("PaxHeader", record.length, 'x'), padded(record)),
            NpmPackageBytes.tar(Map.of("package/truncated-name", bytes("x"))));

    assertEquals(Map.of(longName, "x"), readAll(write(dir, "p.tar", tar)));
  }

  @Test
  void gnuLongName_namesTheNextEntry() {
    String longName = "package/" + "e/".repeat(60) + "1.json";
    byte[] name = bytes(longName + "\0");
    byte[] tar =
        concat(
            concat(header("././@LongLink", name.length, 'L'), padded(name)),
            NpmPackageBytes.tar(Map.of("package/truncated-name", bytes("y"))));

    assertEquals(Map.of(longName, "y"), readAll(write(dir, "p.tar", tar)));
  }

  @Test
  void ustarPrefix_isJoinedToTheName() {
    byte[] header = header("0.json", 1, '0');
    byte[] prefix = bytes("package/src/digits");
    System.arraycopy(prefix, 0, header, 345, prefix.length);
    byte[] tar =
        concat(concat(NpmPackageBytes.withChecksum(header), padded(bytes("z"))), new byte[1024]);

    assertEquals(Map.of("package/src/digits/0.json", "z"), readAll(write(dir, "p.tar", tar)));
  }

  @Test
  void checksumMismatchInTheFirstHeader() {
    byte[] tar = NpmPackageBytes.tar(Map.of("package/a", BIG));
    tar[10] ^= 1; // inside the name
    assertFails(tar, "damaged or not a tar archive", "checksum");
  }

  @Test
  void notATarArchive() {
    assertFails(
        bytes("{\"data\": []}" + " ".repeat(600)),
        "damaged or not a tar archive",
        "npm package tarball (.tgz) or its unpacked folder");
  }

  @Test
  void malformedSize() {
    byte[] header = header("package/a", 1, '0');
    System.arraycopy(bytes("9"), 0, header, 124, 1);
    assertFails(
        concat(NpmPackageBytes.withChecksum(header), new byte[1536]),
        "damaged or not a tar archive");
  }

  @Test
  void endsInsideAHeader_afterAWholeEntry_readsIt() {
    byte[] tar = NpmPackageBytes.tar(Map.of("package/a", bytes("a")));
    // Commons Compress ends the archive at a short header; the entry before it is whole.
    assertEquals(
        Map.of("package/a", "a"), readAll(write(dir, "p.tar", Arrays.copyOf(tar, 1024 + 100))));
  }

  @ParameterizedTest(name = "gzipped={0}")
  @ValueSource(booleans = {false, true})
  void endsInsideAnEntry_namesIt(boolean gzipped) {
    byte[] tar = Arrays.copyOf(NpmPackageBytes.tar(Map.of("package/a", BIG)), 512 + 1000);
    assertFails(
        gzipped ? gzip(tar) : tar, "the archive ends early", "entry package/a", "truncated");
  }

  /**
   * Commons Compress takes the end of the stream after a whole entry as the end of the archive:
   * nothing read is short, and a class file cut away with the rest is reported as missing by {@link
   * NpmClassFiles}.
   */
  @Test
  void endsWithoutEndOfArchiveBlock_afterAWholeEntry_readsIt() {
    byte[] tar = NpmPackageBytes.tar(Map.of("package/a", bytes("a")));
    assertEquals(Map.of("package/a", "a"), readAll(write(dir, "p.tar", Arrays.copyOf(tar, 1024))));
  }

  @Test
  void gzipCutOff_namesTheEntryBeingRead() {
    byte[] compressed =
        gzip(NpmPackageBytes.tar(Map.of("package/a", IdxBytes.randomBytes(200_000, 256, 8))));
    assertFails(Arrays.copyOf(compressed, compressed.length / 2), "entry package/a", "truncated");
  }

  /** gzip's CRC follows the end-of-archive block: the reader must read on to check it. */
  @Test
  void gzipChecksumMismatch() {
    byte[] compressed = gzip(NpmPackageBytes.tar(Map.of("package/a", bytes("a"))));
    compressed[compressed.length - 8] ^= 1;
    assertFails(compressed, "damaged or not a tar archive");
  }

  /** Each file's name and content, the content as Latin-1 text so that maps compare it. */
  private Map<String, String> readAll(Path tarball) {
    Map<String, String> files = new LinkedHashMap<>();
    try (NpmTarball reader = NpmTarball.open(tarball)) {
      for (String entry; (entry = reader.next()) != null; ) {
        try {
          files.put(entry, latin1(reader.content().readAllBytes()));
        } catch (IOException e) {
          throw NpmTarball.failure(e, reader.where());
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
