package dev.conveyor.core.score;

import dev.conveyor.core.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The review state of the commits between the previous production artifact's commit and this
 * artifact's: done when every commit carries a {@code Reviewed-by} from someone other than its
 * author, compared by e-mail address, ignoring case. Binary: 100 when done, else 0.
 *
 * <p>No commits at all scores 0: there is nothing to show a review of, which more likely means the
 * wrong range was logged than that nothing changed.
 */
public record Review(List<Review.Commit> commits) {
  /** Short hashes in evidence: git's default abbreviation. */
  static final int SHORT_HASH = 7;

  public Review {
    commits = List.copyOf(commits);
  }

  /**
   * One commit: its full hash, its author and the values of its {@code Reviewed-by} trailers, each
   * as {@code Name <e-mail>}.
   */
  public record Commit(String hash, String author, List<String> reviewers) {
    public Commit {
      Preconditions.present(hash, "a commit's hash");
      checkIdentity(author);
      reviewers = List.copyOf(reviewers);
      reviewers.forEach(Review::checkIdentity);
    }

    public String shortHash() {
      return hash.substring(0, Math.min(SHORT_HASH, hash.length()));
    }

    /** Whether a reviewer other than the author signed this commit off. */
    public boolean isReviewed() {
      return independentReviewers() >= 1;
    }

    /** How many different people other than the author signed this commit off. */
    public long independentReviewers() {
      String self = email(author);
      return reviewers.stream().map(Review::email).filter(r -> !r.equals(self)).distinct().count();
    }
  }

  private static void checkIdentity(String identity) {
    Preconditions.check(
        identity != null && identity.lastIndexOf('<') >= 0 && identity.endsWith(">"),
        "'%s' has no e-mail address in angle brackets; write it as 'Name <name@example.com>'",
        identity);
  }

  /** The address between the angle brackets, in lower case. */
  static String email(String identity) {
    int open = identity.lastIndexOf('<');
    int close = identity.lastIndexOf('>');
    return identity.substring(open + 1, close).strip().toLowerCase(Locale.ROOT);
  }

  public List<Commit> unreviewed() {
    return commits.stream().filter(commit -> !commit.isReviewed()).toList();
  }

  public boolean isDone() {
    return !commits.isEmpty() && unreviewed().isEmpty();
  }

  public double score() {
    return isDone() ? 100 : 0;
  }

  /** Names each commit without an independent review, by short hash. */
  public String evidence() {
    if (commits.isEmpty()) {
      return "no commits to review, so this scores 0: log the commits from the previous production"
          + " artifact's commit to this one";
    }
    List<Commit> missing = unreviewed();
    if (missing.isEmpty()) {
      return commits.size() == 1
          ? "the 1 commit carries a Reviewed-by from someone other than its author"
          : "all "
              + Numbers.count(commits.size())
              + " commits carry a Reviewed-by from someone other than their author";
    }
    List<String> why = new ArrayList<>();
    for (Commit commit : missing) {
      why.add(
          commit.reviewers().isEmpty()
              ? commit.shortHash() + " has no Reviewed-by"
              : commit.shortHash() + " is reviewed only by its author " + email(commit.author()));
    }
    return Numbers.count(missing.size())
        + " of "
        + Numbers.count(commits.size(), "commit lacks", "commits lack")
        + " an independent review: "
        + String.join("; ", why);
  }

  /** The {@code review} measure under {@code spec}. */
  public Measure measure(MeasureSpec spec) {
    spec.require(MeasureKind.REVIEW);
    int needed = spec.reviewers();
    if (needed == 1 || commits.isEmpty()) {
      return spec.measure(score(), evidence());
    }
    List<Commit> lacking =
        commits.stream().filter(commit -> commit.independentReviewers() < needed).toList();
    if (lacking.isEmpty()) {
      return spec.measure(
          100,
          "all "
              + Numbers.count(commits.size(), "commit carries", "commits carry")
              + " Reviewed-by trailers from at least "
              + needed
              + " people other than the author");
    }
    List<String> why = new ArrayList<>();
    for (Commit commit : lacking) {
      why.add(commit.shortHash() + " has " + commit.independentReviewers());
    }
    return spec.measure(
        0,
        Numbers.count(lacking.size())
            + " of "
            + Numbers.count(commits.size(), "commit lacks", "commits lack")
            + " "
            + needed
            + " independent reviews: "
            + String.join("; ", why));
  }
}
