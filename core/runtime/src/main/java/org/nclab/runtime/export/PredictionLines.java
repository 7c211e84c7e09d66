package org.nclab.runtime.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * One output line per image: CSV ({@code file,class_1,probability_1,...}, a header first) or JSON
 * lines ({@code {"file":...,"top":[{"class":...,"id":...,"probability":...}]}}), the top K classes
 * by probability, and the true label when one is known.
 */
public final class PredictionLines {
  private final PrintStream out;
  private final boolean json;
  private final int top;
  private final List<String> classes;
  private final boolean withLabels;
  private final ObjectMapper mapper = new ObjectMapper();

  public PredictionLines(
      PrintStream out, String format, int top, List<String> classes, boolean withLabels) {
    this.out = out;
    this.json = format.equals("jsonl");
    this.top = Math.min(top, classes.size());
    this.classes = classes;
    this.withLabels = withLabels;
  }

  public void header() {
    if (json) {
      return;
    }
    StringBuilder line = new StringBuilder("file");
    for (int r = 1; r <= top; r++) {
      line.append(",class_").append(r).append(",probability_").append(r);
    }
    out.println(withLabels ? line + ",label" : line);
  }

  /** Writes one image's line; returns its top class. */
  public int write(String file, float[] probabilities, int label) {
    int[] order = topK(probabilities, top);
    if (json) {
      ObjectNode node = mapper.createObjectNode().put("file", file);
      ArrayNode list = node.putArray("top");
      for (int id : order) {
        list.addObject()
            .put("class", classes.get(id))
            .put("id", id)
            .put("probability", probabilities[id]);
      }
      if (withLabels) {
        node.put("label", classes.get(label));
      }
      out.println(node);
    } else {
      StringBuilder line = new StringBuilder(csv(file));
      for (int id : order) {
        String probability = String.format(Locale.ROOT, "%.6f", probabilities[id]);
        line.append(',').append(csv(classes.get(id))).append(',').append(probability);
      }
      out.println(withLabels ? line + "," + csv(classes.get(label)) : line);
    }
    return order[0];
  }

  /** Indices of the k largest values, largest first; ties go to the lower index, as argmax does. */
  static int[] topK(float[] values, int k) {
    int[] best = new int[k];
    boolean[] taken = new boolean[values.length];
    for (int r = 0; r < k; r++) {
      int arg = -1;
      for (int i = 0; i < values.length; i++) {
        if (!taken[i] && (arg < 0 || values[i] > values[arg])) {
          arg = i;
        }
      }
      taken[arg] = true;
      best[r] = arg;
    }
    return best;
  }

  private static String csv(String value) {
    return value.contains(",") || value.contains("\"") || value.contains("\n")
        ? "\"" + value.replace("\"", "\"\"") + "\""
        : value;
  }
}
