package dev.conveyor.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewTrailersTests {
  @Test
  void read_realGitLogEveryCommitReviewedBySomeoneElse_scores100() {
    // Produced by git 2.39 with ReviewTrailers.FORMAT; one reviewer's address differs in case
    // from the author's, and one trailer key is written in lower case.
    Review review = ReviewTrailers.read(Fixtures.text("git-log-reviewed.txt"), "git log");

    assertThat(review.commits()).hasSize(3);
    assertThat(review.commits().get(1))
        .isEqualTo(
            new Review.Commit(
                "195b85354d7292297fdab6fc9b6aadd359d5dcb2",
                "Grace Hopper <grace@example.com>",
                List.of("Ada Lovelace <Ada@Example.com>", "Linus Pauling <linus@example.com>")));
    assertThat(review.score()).isEqualTo(100);
    assertThat(review.evidence())
        .isEqualTo("all 3 commits carry a Reviewed-by from someone other than their author");
  }

  @Test
  void read_realGitLogWithUnreviewedAndSelfReviewed_scores0AndNamesThem() {
    Review review = ReviewTrailers.read(Fixtures.text("git-log-unreviewed.txt"), "git log");

    assertThat(review.score()).isZero();
    assertThat(review.evidence())
        .isEqualTo(
            "2 of 5 commits lack an independent review: 7a5d305 has no Reviewed-by; d59cd71 is"
                + " reviewed only by its author linus@example.com");
  }

  @Test
  void read_selfReviewInOtherCase_isStillASelfReview() {
    String log =
        "a".repeat(40) + "\u001fAda <ada@example.com>\u001fAda L. <ADA@EXAMPLE.COM>\u001e\n";

    assertThat(ReviewTrailers.read(log, "git log").isDone()).isFalse();
  }

  @Test
  void read_empty_isNoCommitsAndScoresZero() {
    Review review = ReviewTrailers.read("", "git log");

    assertThat(review.commits()).isEmpty();
    assertThat(review.score()).isZero();
    assertThat(review.evidence())
        .isEqualTo(
            "no commits to review, so this scores 0: log the commits from the previous"
                + " production artifact's commit to this one");
  }

  @Test
  void read_plainGitLog_explainsTheFormat() {
    String log = "commit 7a5d3057b4db8e1904b72d72b17acbb2356cb920\nAuthor: Ada <ada@example.com>\n";

    assertThatThrownBy(() -> ReviewTrailers.read(log, "git log"))
        .isInstanceOf(ReportException.class)
        .hasMessage(
            "git log:1: expected a commit record ending in the record separator (U+001E), got"
                + " 'commit 7a5d3057b4db8e1904b72d72b17acbb2356cb920\\nAuthor: Ada ...';"
                + " produce the log with git log"
                + " --format='%H%x1f%an <%ae>%x1f%(trailers:key=Reviewed-by,valueonly,separator=%x1d)%x1e'");
  }

  @Test
  void read_missingField_namesTheLine() {
    String log =
        "a".repeat(40) + "\u001fAda <ada@example.com>\u001f\u001e\n" + "b".repeat(40) + "\u001e\n";

    assertThatThrownBy(() -> ReviewTrailers.read(log, "git log"))
        .hasMessageStartingWith(
            "git log:2: a commit record has 1 fields separated by U+001F, expected 3 (hash,"
                + " author, reviewers);");
  }

  @Test
  void read_badHash_isRefused() {
    assertThatThrownBy(() -> ReviewTrailers.read("HEAD\u001fA <a@b>\u001f\u001e", "git log"))
        .hasMessage("git log:1: expected a full commit hash (40 or 64 hex digits), got 'HEAD'");
  }

  @Test
  void read_reviewerWithoutAddress_showsTheFix() {
    String log = "c".repeat(40) + "\u001fAda <ada@example.com>\u001fBob\u001e";

    assertThatThrownBy(() -> ReviewTrailers.read(log, "git log"))
        .hasMessage(
            "git log:1: commit ccccccc: Reviewed-by 'Bob' has no e-mail address in angle"
                + " brackets; write it as 'Name <name@example.com>'");
  }

  @Test
  void measure_isBinary() {
    Review review = ReviewTrailers.read(Fixtures.text("git-log-reviewed.txt"), "git log");

    Measure measure = review.measure(MeasureSpec.of(MeasureKind.REVIEW, 2).vetoBelow(100));

    assertThat(measure.score()).isEqualTo(100);
    assertThat(measure.vetoes()).isFalse();
  }
}
