import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Loads an nclab export with TensorFlow Java alone and runs both signatures on the first N images
 * of an uncompressed IDX image file. Prints the predicted class of the first ten images and writes
 * every float output as raw little-endian float32 (NAME.f32) into OUT_DIR.
 *
 * <pre>java -cp "TENSORFLOW_JARS" LoadExport.java EXPORT_DIR IMAGES.idx3 N OUT_DIR</pre>
 */
public class LoadExport {
  public static void main(String[] args) throws IOException {
    String export = args[0];
    ByteBuffer idx = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))); // IDX headers are big-endian
    int n = Integer.parseInt(args[2]);
    Path out = Files.createDirectories(Path.of(args[3]));
    idx.getInt(); // magic 0x00000803
    idx.getInt(); // image count
    int rows = idx.getInt();
    int cols = idx.getInt();
    byte[] pixels = new byte[n * rows * cols];
    idx.get(pixels);

    try (SavedModelBundle model = SavedModelBundle.load(export, "serve");
        TUint8 images = TUint8.tensorOf(Shape.of(n, rows, cols, 1), DataBuffers.of(pixels));
        Result serving = model.function("serving_default").call(Map.of("images", images));
        Result features = model.function("features").call(Map.of("images", images))) {
      TInt64 classIds = (TInt64) serving.get("class_ids").orElseThrow();
      StringBuilder first = new StringBuilder("class_ids:");
      for (int i = 0; i < Math.min(10, n); i++) {
        first.append(' ').append(classIds.getLong(i));
      }
      System.out.println(first);
      write(out.resolve("logits.f32"), (TFloat32) serving.get("logits").orElseThrow());
      write(out.resolve("probabilities.f32"), (TFloat32) serving.get("probabilities").orElseThrow());
      for (Map.Entry<String, Tensor> output : features) {
        write(out.resolve(output.getKey() + ".f32"), (TFloat32) output.getValue());
        System.out.println(output.getKey() + " " + output.getValue().shape());
      }
    }
  }

  private static void write(Path file, TFloat32 tensor) throws IOException {
    float[] values = new float[(int) tensor.size()];
    tensor.asRawTensor().data().asFloats().read(values);
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(bytes);
    }
  }
}
