package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrpcErrorsTest {

  @ParameterizedTest
  @EnumSource(ErrorKind.class)
  void eachKindIsSentAsACodeThatMeansIt(ErrorKind kind) {
    Status.Code code = GrpcErrors.code(kind);

    assertNotNull(code, kind.name());
    assertEquals(kind, GrpcErrors.kind(code));
  }

  @ParameterizedTest
  @EnumSource(Status.Code.class)
  void everyCodeStandsForAKind(Status.Code code) {
    assertNotNull(GrpcErrors.kind(code));
  }

  @Test
  void codesWithoutAKindOfTheirOwnMapToTheNearestOne() {
    Map<Status.Code, ErrorKind> expected =
        Map.of(
            Status.Code.DEADLINE_EXCEEDED, ErrorKind.TIMED_OUT,
            Status.Code.OUT_OF_RANGE, ErrorKind.INVALID_ARGUMENT,
            Status.Code.UNAUTHENTICATED, ErrorKind.PERMISSION_DENIED,
            Status.Code.UNIMPLEMENTED, ErrorKind.FAILED_PRECONDITION,
            Status.Code.UNKNOWN, ErrorKind.INTERNAL);

    expected.forEach((code, kind) -> assertEquals(kind, GrpcErrors.kind(code), code.name()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, GrpcErrors.code(ErrorKind.TIMED_OUT));
  }

  @Test
  void theStatusComesFromTheKindNeverFromTheMessage() {
    StatusRuntimeException status =
        GrpcErrors.toStatus(
            new DiztlException(ErrorKind.UNAVAILABLE, "file abc not found on node x"));

    assertEquals(Status.Code.UNAVAILABLE, status.getStatus().getCode());
    assertEquals("file abc not found on node x", status.getStatus().getDescription());
    assertEquals(
        Status.Code.FAILED_PRECONDITION,
        GrpcErrors.toStatus(new DiztlException("not found")).getStatus().getCode());
  }

  @Test
  void aFailedCallKeepsWhatTheOtherSideSaidAndItsMeaning() {
    StatusRuntimeException call =
        Status.PERMISSION_DENIED.withDescription("outside the share").asRuntimeException();

    DiztlException e = GrpcErrors.fromCall("node x refused 'a/../..'", call);

    assertEquals(ErrorKind.PERMISSION_DENIED, e.kind());
    assertEquals("node x refused 'a/../..': outside the share", e.getMessage());
    assertSame(call, e.getCause());
    assertEquals(
        "tracker t: DEADLINE_EXCEEDED",
        GrpcErrors.fromCall("tracker t", Status.DEADLINE_EXCEEDED.asRuntimeException())
            .getMessage());
  }

  @Test
  void unreachableMeansUnavailableOrDeadline() {
    assertTrue(GrpcErrors.unreachable(Status.UNAVAILABLE.asRuntimeException()));
    assertTrue(GrpcErrors.unreachable(Status.DEADLINE_EXCEEDED.asRuntimeException()));
    assertFalse(GrpcErrors.unreachable(Status.NOT_FOUND.asRuntimeException()));
  }
}
