package io.diztl.node.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ControlTokenTest {

  private final String token = ControlToken.generate();
  private final ServerInterceptor interceptor = ControlToken.serverInterceptor(token);

  @SuppressWarnings("unchecked")
  private final ServerCall<String, String> call = mock(ServerCall.class);

  @SuppressWarnings("unchecked")
  private final ServerCallHandler<String, String> next = mock(ServerCallHandler.class);

  @Test
  void generatesDistinct64CharacterHexTokens() {
    assertTrue(token.matches("[0-9a-f]{64}"), token);
    assertNotEquals(token, ControlToken.generate());
  }

  @Test
  void passesCallsCarryingTheToken() {
    Metadata headers = headers(token);
    ServerCall.Listener<String> listener = new ServerCall.Listener<>() {};
    when(next.startCall(call, headers)).thenReturn(listener);

    assertEquals(listener, interceptor.interceptCall(call, headers, next));
    verify(call, never()).close(any(), any());
  }

  @Test
  void rejectsCallsWithoutAToken() {
    interceptor.interceptCall(call, new Metadata(), next);

    verifyRejected();
  }

  @Test
  void rejectsCallsWithAnotherToken() {
    interceptor.interceptCall(call, headers(ControlToken.generate()), next);

    verifyRejected();
  }

  @Test
  void rejectsAPrefixOfTheToken() {
    interceptor.interceptCall(call, headers(token.substring(0, 10)), next);

    verifyRejected();
  }

  private void verifyRejected() {
    verify(call).close(argThat(status -> status.getCode() == Status.Code.UNAUTHENTICATED), any());
    verify(next, never()).startCall(any(), any());
  }

  private static Metadata headers(String value) {
    Metadata headers = new Metadata();
    headers.put(ControlToken.HEADER, value);
    return headers;
  }
}
