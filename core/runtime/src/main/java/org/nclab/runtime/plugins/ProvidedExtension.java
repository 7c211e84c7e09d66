package org.nclab.runtime.plugins;

import org.nclab.api.Extension;

/**
 * One extension instance under one kind and id, with who provides it. A class that implements two
 * extension points yields two of these, one per kind, sharing the instance.
 */
record ProvidedExtension(ExtensionKind kind, String id, Extension extension, Provider provider) {

  /** For messages: {@code regularizer 'l2' (class org.example.L2)}. */
  String describe() {
    return kind.table() + " '" + id + "' (class " + extension.getClass().getName() + ")";
  }
}
