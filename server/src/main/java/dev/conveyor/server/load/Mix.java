package dev.conveyor.server.load;

import dev.conveyor.core.InvalidInputException;
import dev.conveyor.core.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The kinds of request a load run sends, each with a weight: a request is of a kind with
 * probability weight / total weight.
 *
 * <p>Written as entries separated by commas, each {@code [WEIGHT] METHOD /PATH [BODY]}:
 *
 * <pre>{@code
 * 8 GET /products, 2 POST /checkout {"product":1,"quantity":1}
 * }</pre>
 *
 * The weight is a whole number from 1 (the default) to {@link RequestTemplate#MAX_WEIGHT}; the
 * method is in capitals; the path starts with '/' and may carry a query; the body is the rest of
 * the entry, sent as JSON when it starts with '{' or '['. Commas inside braces, brackets or double
 * quotes belong to the body, so JSON bodies need no escaping beyond the shell's.
 */
public record Mix(List<RequestTemplate> templates) {
  /** The syntax of one entry, as error messages show it. */
  public static final String ENTRY_SYNTAX = "[WEIGHT] METHOD /PATH [BODY]";

  /** What {@code conveyor load} sends when no mix is given. */
  public static final Mix DEFAULT = Mix.of(RequestTemplate.of("GET", "/"));

  public Mix {
    Preconditions.present(templates, "templates");
    Preconditions.check(!templates.isEmpty(), "a mix needs at least one request template");
    templates = List.copyOf(templates);
    long total = templates.stream().mapToLong(RequestTemplate::weight).sum();
    Preconditions.check(
        total <= Integer.MAX_VALUE,
        "the mix's weights add up to %s, over %s",
        total,
        Integer.MAX_VALUE);
  }

  public static Mix of(RequestTemplate... templates) {
    return new Mix(List.of(templates));
  }

  /** The sum of the weights. */
  public int totalWeight() {
    return templates.stream().mapToInt(RequestTemplate::weight).sum();
  }

  /** The index of the template that {@code ticket} (0 to {@link #totalWeight()} - 1) falls on. */
  int pick(int ticket) {
    int rest = ticket;
    for (int i = 0; i < templates.size(); i++) {
      rest -= templates.get(i).weight();
      if (rest < 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("ticket " + ticket + " is not below " + totalWeight());
  }

  /**
   * Parses the mix syntax.
   *
   * @throws InvalidInputException naming the entry (by position and text) and what is wrong with it
   */
  public static Mix parse(String text) {
    Preconditions.present(text, "mix");
    if (text.isBlank()) {
      throw new InvalidInputException(
          "the mix is empty: give entries such as '8 GET /products, 2 POST /checkout"
              + " {\"product\":1,\"quantity\":1}'");
    }
    List<String> entries = split(text);
    List<RequestTemplate> templates = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      templates.add(entry(i + 1, entries.get(i)));
    }
    return new Mix(templates);
  }

  /** Splits at commas outside braces, brackets and double-quoted strings. */
  private static List<String> split(String text) {
    List<String> entries = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth < 0) {
          String entry = text.substring(start, Math.min(text.length(), i + 1)).strip();
          throw new InvalidInputException(
              "mix entry "
                  + (entries.size() + 1)
                  + " '"
                  + entry
                  + "' has a '"
                  + c
                  + "' that closes nothing: check the body's brackets");
        }
      } else if (c == ',' && depth == 0) {
        entries.add(text.substring(start, i));
        start = i + 1;
      }
    }
    String last = text.substring(start);
    if (quoted || depth > 0) {
      throw new InvalidInputException(
          "mix entry "
              + (entries.size() + 1)
              + " '"
              + last.strip()
              + "' has "
              + (quoted ? "an unclosed '\"'" : "an unclosed '{' or '['")
              + ": close it, so that the commas inside the body do not split the mix");
    }
    entries.add(last);
    return entries;
  }

  private static RequestTemplate entry(int position, String raw) {
    String entry = raw.strip();
    String where = "mix entry " + position;
    if (entry.isEmpty()) {
      throw new InvalidInputException(where + " is empty: separate entries with one comma");
    }
    String prefix = where + " '" + entry + "': ";
    String[] words = entry.split("\\s+", 4);
    int next = 0;
    int weight = 1;
    if (isDigits(words[0])) {
      weight = weight(prefix, words[0]);
      next = 1;
    }
    if (words.length <= next) {
      throw new InvalidInputException(
          prefix + "a method and path are missing: write " + ENTRY_SYNTAX + ", such as 'GET /'");
    }
    String method = words[next];
    if (words.length <= next + 1) {
      throw new InvalidInputException(
          prefix
              + "the path is missing: write "
              + ENTRY_SYNTAX
              + ", such as '"
              + method
              + " /products'");
    }
    String path = words[next + 1];
    // The body is the rest of the entry as written, inner spaces and all.
    int bodyStart = entry.indexOf(path, entry.indexOf(method) + method.length()) + path.length();
    String body = entry.substring(bodyStart).strip();
    try {
      return new RequestTemplate(method, path, body, weight);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(prefix + e.getMessage(), e);
    }
  }

  private static boolean isDigits(String word) {
    return !word.isEmpty() && word.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static int weight(String prefix, String word) {
    long value = word.length() > 9 ? Long.MAX_VALUE : Long.parseLong(word);
    if (value < 1 || value > RequestTemplate.MAX_WEIGHT) {
      throw new InvalidInputException(
          prefix
              + "the weight must be a whole number from 1 to "
              + RequestTemplate.MAX_WEIGHT
              + ", got "
              + word);
    }
    return (int) value;
  }

  /** The mix in its own syntax, entries joined with ", ". */
  @Override
  public String toString() {
    return templates.stream().map(RequestTemplate::toString).collect(Collectors.joining(", "));
  }
}
