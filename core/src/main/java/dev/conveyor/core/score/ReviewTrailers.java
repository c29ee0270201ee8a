package dev.conveyor.core.score;

import dev.conveyor.core.config.Snippet;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code Reviewed-by:} trailers of a range of commits from {@code git log} output in
 * {@link #FORMAT}, which the caller produces with {@code git log --format='<FORMAT>' <previous
 * production commit>..<this commit>}.
 *
 * <p>The format puts one commit per record, ended by the record separator (U+001E, then git's
 * newline): the full hash, the author as {@code Name <e-mail>} and the {@code Reviewed-by} values,
 * separated by the unit separator (U+001F); several reviewers are separated by the group separator
 * (U+001D). Control characters cannot occur in names or addresses, so no value can break a record
 * apart. git matches the trailer key ignoring case.
 */
public final class ReviewTrailers {
  /** The {@code git log --format} this reader expects. */
  public static final String FORMAT =
      "%H%x1f%an <%ae>%x1f%(trailers:key=Reviewed-by,valueonly,separator=%x1d)%x1e";

  private static final char RECORD = '\u001e';
  private static final String FIELD = "\u001f";
  private static final String REVIEWER = "\u001d";

  private ReviewTrailers() {}

  /**
   * The review state of the logged commits; empty text is no commits.
   *
   * @param name how errors name the log, e.g. {@code git log 1a2b3c4..9f8e7d6}
   * @throws ReportException naming the line of the first record that is not in {@link #FORMAT}
   */
  public static Review read(String log, String name) {
    List<Review.Commit> commits = new ArrayList<>();
    int start = 0;
    int line = 1;
    while (true) {
      int end = log.indexOf(RECORD, start);
      String record = end < 0 ? log.substring(start) : log.substring(start, end);
      // git ends each record with a newline after the separator; it belongs to no field.
      int leading = 0;
      while (leading < record.length()
          && (record.charAt(leading) == '\n' || record.charAt(leading) == '\r')) {
        leading++;
      }
      line += leading;
      record = record.substring(leading);
      if (end < 0) {
        if (!record.isBlank()) {
          throw new ReportException(
              name,
              line,
              0,
              "expected a commit record ending in the record separator (U+001E), got "
                  + Snippet.quoted(record)
                  + "; produce the log with git log --format='"
                  + FORMAT
                  + "'");
        }
        return new Review(commits);
      }
      commits.add(commit(record, name, line));
      line += (int) record.chars().filter(c -> c == '\n').count();
      start = end + 1;
    }
  }

  private static Review.Commit commit(String record, String name, int line) {
    String[] fields = record.split(FIELD, -1);
    if (fields.length != 3) {
      throw new ReportException(
          name,
          line,
          0,
          "a commit record has "
              + fields.length
              + " fields separated by U+001F, expected 3 (hash, author, reviewers); produce the"
              + " log with git log --format='"
              + FORMAT
              + "'");
    }
    String hash = fields[0];
    if (!isHash(hash)) {
      throw new ReportException(
          name,
          line,
          0,
          "expected a full commit hash (40 or 64 hex digits), got " + Snippet.quoted(hash));
    }
    String author = identity(fields[1], "the author", hash, name, line);
    List<String> reviewers = new ArrayList<>();
    for (String value : fields[2].split(REVIEWER, -1)) {
      if (!value.isBlank()) {
        reviewers.add(identity(value.strip(), "Reviewed-by", hash, name, line));
      }
    }
    return new Review.Commit(hash, author, reviewers);
  }

  private static boolean isHash(String text) {
    return (text.length() == 40 || text.length() == 64)
        && text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
  }

  /** {@code Name <e-mail>}, with a non-empty address: what reviews are compared by. */
  private static String identity(String value, String what, String hash, String name, int line) {
    int open = value.lastIndexOf('<');
    boolean ok =
        open >= 0
            && value.endsWith(">")
            && !value.substring(open + 1, value.length() - 1).isBlank();
    if (!ok) {
      throw new ReportException(
          name,
          line,
          0,
          "commit "
              + hash.substring(0, Review.SHORT_HASH)
              + ": "
              + what
              + " "
              + Snippet.quoted(value)
              + " has no e-mail address in angle brackets; write it as 'Name <name@example.com>'");
    }
    return value;
  }
}
