package org.nclab.api.image;

import java.util.Locale;

/**
 * Brings source pixels to the configured height, width and channels.
 *
 * <p>Resizing is separable bilinear with antialiasing (the triangle filter widened by the scale
 * when shrinking, as Pillow's {@code BILINEAR} does), so a large photo shrunk to 32x32 keeps its
 * content instead of aliasing. An image already of the target size is copied exactly, so PNG pixels
 * round-trip bit for bit. Grey becomes RGB by repeating it; RGB becomes grey by the ITU-R BT.601
 * luma weights (what PIL's {@code convert("L")} uses).
 *
 * <p>In the API so that one implementation serves both a dataset that resizes image files and
 * {@code nclab predict}, which must prepare new files exactly as the model's dataset did (a dataset
 * declares its resizer through {@link org.nclab.api.data.DatasetProvider#imageResizer}).
 */
public final class ImageResizer {

  /** How an image of another size is brought to the target size. */
  public enum Mode {
    /** Scale the shorter side to fit, then cut the centre (torchvision's Resize + CenterCrop). */
    CROP,
    /** Scale each side to fit, changing the aspect ratio. */
    STRETCH,
    /** Refuse images of another size. */
    NONE;

    /** The mode a config or nclab-model.json names in lower case: crop, stretch or none. */
    public static Mode named(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The lower-case name configs use. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final int height;
  private final int width;
  private final int channels;
  private final Mode mode;

  /**
   * @param channels 1 (grey) or 3 (RGB)
   */
  public ImageResizer(int height, int width, int channels, Mode mode) {
    if (height <= 0 || width <= 0 || (channels != 1 && channels != 3) || mode == null) {
      throw new IllegalArgumentException(
          "a resizer needs a positive size, 1 or 3 channels and a mode, got "
              + height
              + "x"
              + width
              + "x"
              + channels
              + " "
              + mode);
    }
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.mode = mode;
  }

  /**
   * The image at the target shape, height x width x channels bytes.
   *
   * @throws IllegalArgumentException with the reason, when the mode is {@link Mode#NONE} and the
   *     size differs
   */
  public byte[] apply(SourcePixels source) {
    SourcePixels sized = source;
    if (source.height() != height || source.width() != width) {
      if (mode == Mode.NONE) {
        throw new IllegalArgumentException(
            "is " + source.size() + ", not " + height + "x" + width + " (resize = \"none\")");
      }
      sized = resize(mode == Mode.CROP ? centreCrop(source) : source);
    }
    return convertChannels(sized);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int channels() {
    return channels;
  }

  public Mode mode() {
    return mode;
  }

  /** The largest centred box of the target's aspect ratio. */
  private SourcePixels centreCrop(SourcePixels s) {
    double scale = Math.max((double) height / s.height(), (double) width / s.width());
    int boxH = Math.min(s.height(), Math.max(1, (int) Math.round(height / scale)));
    int boxW = Math.min(s.width(), Math.max(1, (int) Math.round(width / scale)));
    if (boxH == s.height() && boxW == s.width()) {
      return s;
    }
    int top = (s.height() - boxH) / 2;
    int left = (s.width() - boxW) / 2;
    int c = s.channels();
    byte[] out = new byte[boxH * boxW * c];
    for (int y = 0; y < boxH; y++) {
      System.arraycopy(s.pixels(), ((top + y) * s.width() + left) * c, out, y * boxW * c, boxW * c);
    }
    return new SourcePixels(out, boxH, boxW, c);
  }

  private SourcePixels resize(SourcePixels s) {
    int c = s.channels();
    float[] in = new float[s.pixels().length];
    for (int i = 0; i < in.length; i++) {
      in[i] = s.pixels()[i] & 0xFF;
    }
    // Rows first (width), then columns (height); each pass is a 1-D filter along one axis.
    float[] wide = resample(in, s.height(), s.width(), c, width, true);
    float[] out = resample(wide, s.height(), width, c, height, false);
    byte[] bytes = new byte[height * width * c];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Math.max(0, Math.min(255, Math.round(out[i])));
    }
    return new SourcePixels(bytes, height, width, c);
  }

  /** One 1-D antialiased bilinear pass along the width ({@code alongWidth}) or the height. */
  private static float[] resample(float[] in, int h, int w, int c, int target, boolean alongWidth) {
    int source = alongWidth ? w : h;
    double scale = (double) source / target;
    double support = Math.max(1.0, scale); // the triangle's half-width in source pixels
    int outH = alongWidth ? h : target;
    int outW = alongWidth ? target : w;
    float[] out = new float[outH * outW * c];
    for (int o = 0; o < target; o++) {
      double centre = (o + 0.5) * scale;
      int first = Math.max(0, (int) Math.floor(centre - support));
      int last = Math.min(source - 1, (int) Math.ceil(centre + support));
      double[] weights = new double[last - first + 1];
      double total = 0;
      for (int i = first; i <= last; i++) {
        double wgt = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
        weights[i - first] = wgt;
        total += wgt;
      }
      for (int line = 0; line < (alongWidth ? h : w); line++) {
        for (int ch = 0; ch < c; ch++) {
          double sum = 0;
          for (int i = first; i <= last; i++) {
            int at = alongWidth ? (line * w + i) * c + ch : (i * w + line) * c + ch;
            sum += weights[i - first] * in[at];
          }
          int to = alongWidth ? (line * outW + o) * c + ch : (o * outW + line) * c + ch;
          out[to] = (float) (sum / total);
        }
      }
    }
    return out;
  }

  private byte[] convertChannels(SourcePixels s) {
    if (s.channels() == channels) {
      return s.pixels();
    }
    int pixels = s.height() * s.width();
    byte[] out = new byte[pixels * channels];
    byte[] in = s.pixels();
    if (channels == 3) { // grey to RGB
      for (int p = 0; p < pixels; p++) {
        out[p * 3] = out[p * 3 + 1] = out[p * 3 + 2] = in[p];
      }
    } else { // RGB to grey
      for (int p = 0; p < pixels; p++) {
        double luma =
            0.299 * (in[p * 3] & 0xFF)
                + 0.587 * (in[p * 3 + 1] & 0xFF)
                + 0.114 * (in[p * 3 + 2] & 0xFF);
        out[p] = (byte) Math.round(luma);
      }
    }
    return out;
  }
}
