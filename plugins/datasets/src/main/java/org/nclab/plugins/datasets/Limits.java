package org.nclab.plugins.datasets;

/** Bounds that every provider of this plugin checks before it allocates. */
final class Limits {

  /**
   * The longest array HotSpot reliably allocates: a few header words below 2^31 - 1. Each split is
   * one array (bytes while reading, floats after), so nothing may claim more.
   */
  static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private Limits() {}
}
