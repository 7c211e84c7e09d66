package org.nclab.runtime.run;

import java.nio.file.Path;

/**
 * Serves a view of a run folder while the run trains ({@code nclab train --dashboard}). An
 * interface so that the runner does not depend on the dashboard, which reads run folders and so
 * sits above {@code run}; the CLI wires the live dashboard in.
 */
@FunctionalInterface
public interface RunFolderViewer {

  /**
   * Starts serving {@code runFolder} (once; later calls return the same address) and returns its
   * URL.
   */
  String serve(Path runFolder);
}
