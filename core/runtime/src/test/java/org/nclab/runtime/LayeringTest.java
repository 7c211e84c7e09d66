package org.nclab.runtime;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the runtime's packages one-way (docs/architecture.md, "Packages"): read from the compiled
 * classes, so a dependency written as an import, a fully-qualified name or a lambda all count.
 */
@AnalyzeClasses(
    packages = "org.nclab.runtime",
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  /** A cycle between two packages means neither can be understood, tested or moved alone. */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("org.nclab.runtime.(**)").should().beFreeOfCycles();

  /**
   * cli → study, export, dashboard → transfer → run → train, probe → graph → the base packages.
   * Built-in extensions (backbones, losses) are found through the extension index, never by name.
   */
  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("cli")
          .definedBy("org.nclab.runtime.cli..")
          .layer("tools")
          .definedBy(
              "org.nclab.runtime.study..",
              "org.nclab.runtime.export..",
              "org.nclab.runtime.dashboard..")
          .layer("transfer")
          .definedBy("org.nclab.runtime.transfer..")
          .layer("run")
          .definedBy("org.nclab.runtime.run..")
          .layer("training")
          .definedBy("org.nclab.runtime.train..", "org.nclab.runtime.probe..")
          .layer("graph")
          .definedBy(
              "org.nclab.runtime.graph..",
              "org.nclab.runtime.optim..",
              "org.nclab.runtime.variables..")
          .layer("extensions")
          .definedBy("org.nclab.runtime.backbones..", "org.nclab.runtime.losses..")
          .layer("base")
          .definedBy(
              "org.nclab.runtime.config..",
              "org.nclab.runtime.session..",
              "org.nclab.runtime.metrics..",
              "org.nclab.runtime.data..",
              "org.nclab.runtime.plugins..",
              "org.nclab.runtime.io..",
              "org.nclab.runtime.text..",
              "org.nclab.runtime.slurm..")
          .whereLayer("cli")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("tools")
          .mayOnlyBeAccessedByLayers("cli")
          .whereLayer("transfer")
          .mayOnlyBeAccessedByLayers("cli", "tools")
          .whereLayer("run")
          .mayOnlyBeAccessedByLayers("cli", "tools", "transfer")
          .whereLayer("training")
          .mayOnlyBeAccessedByLayers("cli", "tools", "transfer", "run")
          .whereLayer("graph")
          .mayOnlyBeAccessedByLayers("cli", "tools", "transfer", "run", "training")
          .whereLayer("extensions")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("base")
          .mayOnlyBeAccessedByLayers(
              "cli", "tools", "transfer", "run", "training", "graph", "extensions", "base");
}
