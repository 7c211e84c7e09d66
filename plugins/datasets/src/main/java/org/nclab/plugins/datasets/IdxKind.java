package org.nclab.plugins.datasets;

import java.util.List;

/**
 * The two IDX layouts of the MNIST family. An IDX magic number is two zero bytes, a type code
 * (0x08: unsigned byte) and the number of dimensions; each dimension follows as a big-endian int.
 */
enum IdxKind {
  IMAGES(
      0x00000803,
      "an IDX image file (unsigned bytes, 3 dimensions)",
      List.of("image count", "rows", "columns")),
  LABELS(0x00000801, "an IDX label file (unsigned bytes, 1 dimension)", List.of("label count"));

  final int magic;
  final String description;

  /** What each header dimension means, for messages; the first is always the item count. */
  final List<String> dimensionNames;

  IdxKind(int magic, String description, List<String> dimensionNames) {
    this.magic = magic;
    this.description = description;
    this.dimensionNames = dimensionNames;
  }

  /** Magic number plus one int per dimension. */
  int headerBytes() {
    return 4 + 4 * dimensionNames.size();
  }
}
