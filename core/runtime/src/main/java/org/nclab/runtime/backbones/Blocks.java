package org.nclab.runtime.backbones;

/** The naming convention shared by backbones, probes and layer fine-tuning: block1, block2, ... */
final class Blocks {
  private Blocks() {}

  static String name(int zeroBasedIndex) {
    return "block" + (zeroBasedIndex + 1);
  }
}
