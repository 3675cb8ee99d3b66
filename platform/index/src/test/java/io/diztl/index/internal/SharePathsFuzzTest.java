package io.diztl.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.diztl.api.DiztlException;
import io.diztl.api.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzzes the check of the paths requests name: what it accepts never climbs, never is absolute and
 * resolves inside the share; what it refuses is an {@code INVALID_ARGUMENT} with a short message
 * free of control characters. Plain {@code mvn verify} runs the committed inputs.
 */
class SharePathsFuzzTest {

  private static final Path SHARE = Path.of("/share/root");

  @FuzzTest(maxDuration = "10s")
  void requestedPathsStayInsideOrAreRefusedClearly(byte[] input) {
    String requested = new String(input, StandardCharsets.UTF_8);
    String checked;
    try {
      checked = SharePaths.checkRequested(requested);
    } catch (DiztlException e) {
      assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
      assertTrue(e.getMessage().length() < 300, e.getMessage());
      assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
      return;
    }
    assertFalse(checked.startsWith("/"), checked);
    assertTrue(checked.chars().noneMatch(c -> c == '\\' || Character.isISOControl(c)), checked);
    for (String segment : checked.split("/", -1)) {
      assertFalse(segment.equals("..") || segment.equals("."), checked);
    }
    if (!checked.isEmpty()) {
      Path resolved = SHARE.resolve(checked).normalize();
      assertTrue(resolved.startsWith(SHARE) && !resolved.equals(SHARE), checked);
    }
  }
}
