package io.diztl.pluginhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.diztl.api.DiztlException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PluginHostConfigTest {

  @Test
  void defaultsAndChecks() {
    PluginHostConfig defaults = PluginHostConfig.defaults();
    assertEquals(Duration.ofSeconds(10), defaults.extractionTimeLimit());
    assertEquals(20, defaults.failureBudget());
    assertEquals(1, defaults.timeoutBudget());
    assertEquals(
        Duration.ofMillis(300),
        defaults.withExtractionTimeLimit(Duration.ofMillis(300)).extractionTimeLimit());

    DiztlException zero =
        assertThrows(DiztlException.class, () -> defaults.withExtractionTimeLimit(Duration.ZERO));
    assertEquals("the extraction time limit must be positive, found PT0S", zero.getMessage());
    DiztlException budget =
        assertThrows(
            DiztlException.class,
            () -> new PluginHostConfig(Duration.ofSeconds(1), 0, 2, Duration.ZERO));
    assertEquals(
        "the failure and time-out budgets must be at least 1, found 0 and 2", budget.getMessage());
  }
}
