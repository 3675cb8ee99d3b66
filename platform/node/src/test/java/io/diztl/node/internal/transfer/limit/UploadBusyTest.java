package io.diztl.node.internal.transfer.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diztl.api.DiztlException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UploadBusyTest {

  @Test
  void travelsInTheTrailersOfResourceExhausted() {
    UploadBusy busy = new UploadBusy(3, Duration.ofMillis(1500));
    StatusException refusal = busy.toException(8);

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, refusal.getStatus().getCode());
    assertEquals(
        "all 8 upload slots of this node are taken; you are number 3 in the queue, ask again in"
            + " 1500 ms",
        refusal.getStatus().getDescription());
    assertEquals(Optional.of(busy), UploadBusy.from(refusal));
    DiztlException wrapped =
        new DiztlException(
            "download failed", refusal.getStatus().asRuntimeException(refusal.getTrailers()));
    assertEquals(Optional.of(busy), UploadBusy.from(wrapped), "found among the causes");
  }

  @Test
  void otherFailuresAreNotABusySender() {
    assertEquals(Optional.empty(), UploadBusy.from(new RuntimeException("no status")));
    assertEquals(
        Optional.empty(),
        UploadBusy.from(Status.RESOURCE_EXHAUSTED.asRuntimeException()),
        "no trailers: another limit");
    assertEquals(
        Optional.empty(),
        UploadBusy.from(Status.UNAVAILABLE.asRuntimeException(busy().toTrailers())));
    Metadata malformed = new Metadata();
    malformed.put(UploadBusy.POSITION, "first");
    malformed.put(UploadBusy.RETRY_AFTER_MILLIS, "100");
    assertEquals(
        Optional.empty(), UploadBusy.from(Status.RESOURCE_EXHAUSTED.asRuntimeException(malformed)));
  }

  private static UploadBusy busy() {
    return new UploadBusy(1, Duration.ofSeconds(1));
  }
}
