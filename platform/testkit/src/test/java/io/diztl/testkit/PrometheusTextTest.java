package io.diztl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextTest {

  @Test
  void readsFamiliesLabelsAndSpecialValues() {
    PrometheusText text =
        PrometheusText.parse(
            """
            # HELP requests Requests.
            # TYPE requests counter
            requests_total{status="ok",path="/a\\"b\\\\c\\n"} 3.0
            requests_total{status="failed"} 1e1 1700000000000
            # TYPE latency_seconds histogram
            latency_seconds_bucket{le="0.1"} 1
            latency_seconds_bucket{le="+Inf"} 2
            latency_seconds_count 2
            latency_seconds_sum 0.25
            temperature NaN
            up +Inf
            """);
    assertEquals(13, text.sum("requests_total"));
    assertEquals(3, text.sum("requests_total", "status", "ok"));
    assertEquals(0, text.sum("requests_total", "status", "missing"));
    assertEquals(
        Set.of(Map.of("status", "ok", "path", "/a\"b\\c\n"), Map.of("status", "failed")),
        text.series("requests_total"));
    assertEquals("counter", text.type("requests"));
    assertEquals("histogram", text.type("latency_seconds"));
    assertEquals(2, text.sum("latency_seconds_bucket", "le", "+Inf"));
    assertTrue(Double.isNaN(text.sum("temperature")));
    assertEquals(Double.POSITIVE_INFINITY, text.sum("up"));
    assertTrue(text.has("latency_seconds_sum"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1bad_name 1\n",
        "name{label=\"x\" 1\n",
        "name{label=x} 1\n",
        "name{1label=\"x\"} 1\n",
        "name{a=\"1\",a=\"2\"} 1\n",
        "name{a=\"\\t\"} 1\n",
        "name 1 2 3\n",
        "name one\n",
        "name 1 soon\n",
        "name\n",
        "name 1\nname 2\n",
        "a 1\nb 1\na 2\n",
        "a 1\n# TYPE a counter\n",
        "# TYPE a counter\n# TYPE a gauge\n",
        "# TYPE a flavour\n",
        "# TYPE h histogram\nh_bucket 1\n",
        "# TYPE c counter\nc_total 1\nother 1\nc_total{a=\"b\"} 1\n",
        "name 1"
      })
  void refusesWhatPrometheusWouldRefuse(String exposition) {
    assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(exposition));
  }
}
