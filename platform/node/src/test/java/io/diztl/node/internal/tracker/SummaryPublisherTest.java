package io.diztl.node.internal.tracker;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.diztl.index.RoutingTerms;
import io.diztl.index.ShareIndex;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher on mocked index and link, its checks run by hand. */
class SummaryPublisherTest {

  private final ShareIndex index = mock(ShareIndex.class);
  private final TrackerFailover tracker = mock(TrackerFailover.class);
  private final TrackerLink link = mock(TrackerLink.class);
  private final SummaryPublisher publisher = new SummaryPublisher(index, tracker);

  @BeforeEach
  void connected() {
    when(tracker.active()).thenReturn(link);
    when(link.registrations()).thenReturn(1L);
    when(link.connected()).thenReturn(true);
    when(index.version()).thenReturn(7L);
    when(index.routingTerms()).thenReturn(new RoutingTerms(7, Set.of("report", "zebra")));
  }

  @Test
  void noSummaryIsBuiltWhileTheFirstReconcileRunsAndOneIsSentOnceItEnds() {
    when(index.filesScanned()).thenReturn(40_000L);
    publisher.check();
    publisher.check();
    verify(index, never()).routingTerms();
    verify(link, never()).publishSummary(any());

    when(index.filesScanned()).thenReturn(-1L);
    publisher.check();
    verify(link, times(1)).publishSummary(any());
  }

  @Test
  void anUnchangedIndexIsNotSentTwiceButANewRegistrationGetsItAgain() {
    when(index.filesScanned()).thenReturn(-1L);
    publisher.check();
    publisher.check();
    verify(link, times(1)).publishSummary(any());

    when(link.registrations()).thenReturn(2L);
    publisher.check();
    verify(link, times(2)).publishSummary(any());
  }
}
