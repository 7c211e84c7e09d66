/**
 * Image files and 8-bit pixels as nclab's datasets read them: decoding ({@link
 * org.nclab.api.image.SourcePixels}), resizing and channel conversion ({@link
 * org.nclab.api.image.ImageResizer}) and scaling to floats ({@link
 * org.nclab.api.image.PixelScale}).
 *
 * <p>They live in the API, not in one plugin, because a model trained on a dataset must see new
 * images prepared exactly as the dataset prepared its own: a dataset declares its resizer and scale
 * ({@link org.nclab.api.data.DatasetProvider#imageResizer}, {@link
 * org.nclab.api.data.DatasetProvider#pixelScale}), {@code nclab export} records them and {@code
 * nclab predict} applies the same code to new files.
 */
package org.nclab.api.image;
