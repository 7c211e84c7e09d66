/**
 * nclab's plugin API: the only artifact a plugin compiles against.
 *
 * <p>One extension point per noun a user can write in an experiment's TOML: {@link
 * org.nclab.api.data.DatasetProvider} ({@code [dataset]}), {@link
 * org.nclab.api.model.BackboneProvider} ({@code [model]}), {@link org.nclab.api.train.Regularizer}
 * ({@code [[regularizer]]}), {@link org.nclab.api.augment.Augmentation} ({@code [[augmentation]]})
 * and {@link org.nclab.api.probe.Probe} ({@code [[probe]]}). Each is an {@link
 * org.nclab.api.Extension}: a stable id, a summary and the options it declares, which the runtime
 * validates before anything heavy starts and prints with {@code nclab describe ID}.
 *
 * <p>Extensions describe graph pieces through a {@link org.nclab.api.graph.GraphContext}; the
 * runtime owns the TensorFlow graph, the session, the trainable set and the checkpoints.
 */
package org.nclab.api;
