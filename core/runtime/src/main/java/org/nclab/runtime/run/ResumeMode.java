package org.nclab.runtime.run;

/** How {@code nclab train} treats an unfinished run of the same name. */
public enum ResumeMode {
  /** Resume it when its config is the same; otherwise start a new run folder. */
  AUTO,
  /** Resume it, refusing (with the differing keys) when the config differs. */
  REQUIRED,
  /** Resume it even when the config differs. */
  FORCED,
  /** Never resume: always start a new run folder. */
  NEVER
}
