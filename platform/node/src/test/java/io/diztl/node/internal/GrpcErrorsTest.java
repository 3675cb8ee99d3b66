package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {

  @Test
  void keepsThePeersMeaningAndTheUserMessage() {
    DiztlException e =
        new DiztlException("node x refused: no such file", Status.NOT_FOUND.asRuntimeException());

    Status status = GrpcErrors.toStatus(e).getStatus();

    assertEquals(Status.Code.NOT_FOUND, status.getCode());
    assertEquals("node x refused: no such file", status.getDescription());
  }

  @Test
  void readsNotFoundFromTheMessage() {
    assertEquals(
        Status.Code.NOT_FOUND,
        GrpcErrors.toStatus(new DiztlException("file abc not found on node x"))
            .getStatus()
            .getCode());
  }

  @Test
  void otherFailuresAreFailedPreconditions() {
    StatusRuntimeException status =
        GrpcErrors.toStatus(
            new DiztlException("checksum mismatch", Status.INTERNAL.asRuntimeException()));

    assertEquals(Status.Code.FAILED_PRECONDITION, status.getStatus().getCode());
    assertEquals("checksum mismatch", status.getStatus().getDescription());
  }

  @Test
  void unreachableMeansUnavailableOrDeadline() {
    assertTrue(GrpcErrors.unreachable(Status.UNAVAILABLE.asRuntimeException()));
    assertTrue(GrpcErrors.unreachable(Status.DEADLINE_EXCEEDED.asRuntimeException()));
    assertFalse(GrpcErrors.unreachable(Status.NOT_FOUND.asRuntimeException()));
  }
}
