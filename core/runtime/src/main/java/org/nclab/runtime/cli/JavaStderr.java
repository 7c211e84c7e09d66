package org.nclab.runtime.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.Charset;

/**
 * Moves Java's {@code System.err} to the file descriptor that bin/nclab names in {@code
 * -Dnclab.stderr.fd}: the launcher points descriptor 2, which TensorFlow's native logging writes
 * to, at a filter that drops its INFO and WARNING chatter, and keeps the real stderr open as that
 * descriptor. nclab's own messages and progress bar then reach the terminal directly and in order,
 * never behind the filter. The descriptor is wrapped as it is (same open file, same offset), so
 * {@code > log 2>&1} still interleaves correctly.
 */
final class JavaStderr {
  private JavaStderr() {}

  /**
   * Switches System.err when the launcher asked for it; otherwise (tests, plain java) does nothing.
   */
  static void install() {
    String fd = System.getProperty("nclab.stderr.fd");
    if (fd == null) {
      return;
    }
    try {
      FileDescriptor descriptor = new FileDescriptor();
      Field number = FileDescriptor.class.getDeclaredField("fd");
      number.setAccessible(true);
      number.setInt(descriptor, Integer.parseInt(fd));
      if (!descriptor.valid()) {
        return;
      }
      // What Java 17 itself picks for System.err: the console's encoding, else the platform's.
      String encoding = System.getProperty("sun.stderr.encoding");
      Charset charset = encoding != null ? Charset.forName(encoding) : Charset.defaultCharset();
      System.setErr(new PrintStream(new FileOutputStream(descriptor), true, charset));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Without --add-opens (an old launcher) Java keeps descriptor 2: output is merely filtered.
    }
  }
}
