package dev.detour.resolver.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.resolver.LookupOutcome;
import dev.detour.resolver.QueryResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerResolverMetricsTest {

  @Test
  void eventsBecomeTheDocumentedMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerResolverMetrics metrics = new MicrometerResolverMetrics(registry);
    metrics.lookupEnd("db.test", LookupOutcome.FRESH_HIT, 10);
    metrics.lookupEnd("db.test", LookupOutcome.FRESH_HIT, 10);
    metrics.lookupEnd("db.test", LookupOutcome.STALE_HIT, 10);
    metrics.queryEnd(
        "db.test", "A", new InetSocketAddress("127.0.0.1", 53), 2_000_000, QueryResult.OK);
    metrics.cacheSize(7);

    assertThat(
            registry
                .get(MicrometerResolverMetrics.LOOKUPS)
                .tags("host", "db.test", "outcome", "FRESH_HIT")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get(MicrometerResolverMetrics.LOOKUPS)
                .tags("host", "db.test", "outcome", "STALE_HIT")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get(MicrometerResolverMetrics.QUERY_DURATION)
                .tags("type", "A", "server", "127.0.0.1:53", "result", "OK")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(2.0);
    assertThat(registry.get(MicrometerResolverMetrics.CACHE_SIZE).gauge().value()).isEqualTo(7.0);
  }
}
