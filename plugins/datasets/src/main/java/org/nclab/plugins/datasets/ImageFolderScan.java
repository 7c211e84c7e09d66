package org.nclab.plugins.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.nclab.api.UserException;

/**
 * What a class-per-folder tree holds: {@code root/<class>/.../<image>}. Class names are the
 * sub-folder names, sorted, so that class k is the k-th name (torchvision's ImageFolder does the
 * same); images are found at any depth below their class folder, sorted by path. Names starting
 * with a dot (the cache folder, {@code .DS_Store}) are ignored; files that are not PNG, JPEG or BMP
 * by their extension, and files outside every class folder, are listed as odd.
 *
 * @param classNames the sorted class folder names
 * @param files every image file, class after class, each class's in path order
 * @param odd files that cannot be images of a class, with the reason
 */
record ImageFolderScan(
    Path root, List<String> classNames, List<SourceFile> files, List<BadFile> odd) {

  static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");

  /** One image file: its path, the facts that say whether it changed, and its class. */
  record SourceFile(Path path, long size, long modifiedMillis, int label) {}

  /** A file that was not read, and why. */
  record BadFile(Path path, String reason) {
    @Override
    public String toString() {
      return path + ": " + reason;
    }
  }

  /** Scans {@code root}, taking class names from it unless {@code classNames} is given. */
  static ImageFolderScan of(Path root, List<String> classNames, String where) {
    if (!Files.isDirectory(root)) {
      throw UserException.of(
          Files.exists(root) ? "image folder is not a folder" : "image folder not found",
          root + ", " + where,
          "point it at a folder holding one sub-folder of images per class");
    }
    List<String> classes = classNames != null ? classNames : classFolders(root);
    List<SourceFile> files = new ArrayList<>();
    List<BadFile> odd = new ArrayList<>();
    try (Stream<Path> top = Files.list(root)) {
      for (Path path : top.sorted().toList()) {
        String name = path.getFileName().toString();
        if (!name.startsWith(".") && !Files.isDirectory(path)) {
          odd.add(new BadFile(path, "not inside a class folder"));
        } else if (!name.startsWith(".") && !classes.contains(name)) {
          odd.add(
              new BadFile(
                  path, "a class the training folder does not have; its images are not read"));
        }
      }
    } catch (IOException e) {
      throw unreadable(root, e);
    }
    for (int label = 0; label < classes.size(); label++) {
      Path classFolder = root.resolve(classes.get(label));
      if (!Files.isDirectory(classFolder)) {
        continue; // a class the other split has and this one lacks: no images
      }
      for (Path path : imagesBelow(classFolder)) {
        String extension = extension(path);
        if (!IMAGE_EXTENSIONS.contains(extension)) {
          odd.add(new BadFile(path, "not a PNG, JPEG or BMP file (extension '" + extension + "')"));
          continue;
        }
        try {
          BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
          files.add(
              new SourceFile(
                  path, attributes.size(), attributes.lastModifiedTime().toMillis(), label));
        } catch (IOException e) {
          odd.add(new BadFile(path, "cannot read its attributes (" + e.getMessage() + ")"));
        }
      }
    }
    return new ImageFolderScan(root, List.copyOf(classes), List.copyOf(files), List.copyOf(odd));
  }

  /** Images per class index. */
  int[] classSizes() {
    int[] sizes = new int[classNames.size()];
    files.forEach(f -> sizes[f.label()]++);
    return sizes;
  }

  private static List<String> classFolders(Path root) {
    try (Stream<Path> top = Files.list(root)) {
      List<String> names =
          top.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("."))
              .sorted()
              .toList();
      if (names.size() < 2) {
        throw UserException.of(
            "image folder has " + names.size() + " class folder(s), a dataset needs at least two",
            root.toString(),
            "put each class's images in its own sub-folder: " + root + "/<class>/<image>.png");
      }
      return names;
    } catch (IOException e) {
      throw unreadable(root, e);
    }
  }

  private static List<Path> imagesBelow(Path classFolder) {
    try (Stream<Path> walk = Files.walk(classFolder)) {
      return walk.filter(p -> !hiddenBelow(classFolder, p))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw UserException.of(
          "cannot list the class folder (" + e.getMessage() + ")",
          classFolder.toString(),
          "make it readable");
    }
  }

  private static boolean hiddenBelow(Path folder, Path path) {
    for (Path part : folder.relativize(path)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  static String extension(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static UserException unreadable(Path root, IOException e) {
    return UserException.of(
        "cannot list the image folder (" + e.getMessage() + ")",
        root.toString(),
        "make it readable");
  }
}
