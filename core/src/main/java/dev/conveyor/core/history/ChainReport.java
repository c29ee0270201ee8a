package dev.conveyor.core.history;

/**
 * The outcome of walking the hash chain: how many events were checked, and the first broken one
 * ({@code firstBrokenSeq} 0 when the chain holds) with what is wrong with it.
 */
public record ChainReport(long checked, long lastSeq, long firstBrokenSeq, String problem) {
  public static ChainReport intact(long checked, long lastSeq) {
    return new ChainReport(checked, lastSeq, 0, null);
  }

  public boolean intact() {
    return firstBrokenSeq == 0;
  }

  /** One line for a person: what was checked and, if broken, where and why. */
  public String summary() {
    if (intact()) {
      return "history verified: "
          + checked
          + " events, hash chain intact up to sequence "
          + lastSeq;
    }
    return "history broken at sequence " + firstBrokenSeq + ": " + problem;
  }
}
