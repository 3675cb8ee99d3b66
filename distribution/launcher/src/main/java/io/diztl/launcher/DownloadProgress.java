package io.diztl.launcher;

import io.diztl.proto.v1.GetProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows how a download advances, on stderr: a progress bar on a terminal, otherwise plain lines.
 */
abstract sealed class DownloadProgress implements AutoCloseable {

  /** A progress bar when {@code terminal}, otherwise a line every 10% or second to {@code err}. */
  static DownloadProgress create(boolean terminal, PrintWriter err) {
    return terminal ? new Bar() : new Lines(err, System::nanoTime);
  }

  /** Shows one progress message. */
  abstract void update(GetProgress progress);

  @Override
  public abstract void close();

  /** The progressbar library's bar, started with the first message (which gives name and size). */
  static final class Bar extends DownloadProgress {

    private static final int MAX_NAME = 30;

    private ProgressBar bar;

    @Override
    void update(GetProgress progress) {
      if (bar == null) {
        String name = progress.getName();
        bar =
            new ProgressBarBuilder()
                .setTaskName(
                    name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME - 3) + "...")
                .setInitialMax(progress.getTotal())
                .startsFrom(progress.getReceived(), Duration.ZERO)
                .setUnit(" MiB", 1 << 20)
                .showSpeed()
                .build();
      }
      bar.stepTo(progress.getReceived());
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }

  /** Lines such as {@code photo.jpg: 40% (1.2 MiB of 3.0 MiB)}, at most every 10% or second. */
  static final class Lines extends DownloadProgress {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final PrintWriter err;
    private final LongSupplier nanoClock;
    private int lastPercent = -1;
    private long lastNanos;

    Lines(PrintWriter err, LongSupplier nanoClock) {
      this.err = err;
      this.nanoClock = nanoClock;
    }

    @Override
    void update(GetProgress progress) {
      long now = nanoClock.getAsLong();
      int percent =
          progress.getTotal() <= 0
              ? 100
              : (int) (progress.getReceived() * 100 / progress.getTotal());
      boolean due =
          lastPercent < 0
              || percent >= lastPercent + 10
              || (percent > lastPercent && now - lastNanos >= INTERVAL_NANOS)
              || (progress.getDone() && percent > lastPercent);
      if (due) {
        err.println(
            progress.getName()
                + ": "
                + percent
                + "% ("
                + Sizes.format(progress.getReceived())
                + " of "
                + Sizes.format(progress.getTotal())
                + ")");
        err.flush();
        lastPercent = percent;
        lastNanos = now;
      }
    }

    @Override
    public void close() {
      err.flush();
    }
  }
}
