package dev.detour.listener;

import dev.detour.core.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Applies a properties file to a {@link DetourListenerBuilder}: see {@code fromProperties}. */
final class ListenerProperties {

  static final String PREFIX = "detour.listener.";

  static final List<String> KNOBS =
      List.of(
          "heartbeat",
          "heartbeatInterval",
          "heartbeatTimeout",
          "pollInterval",
          "queueCapacity",
          "overflowPolicy",
          "dispatchThreads",
          "reconnectInitialDelay",
          "reconnectMaxDelay",
          "reconnectMultiplier",
          "reconnectJitter",
          "reconnectResetAfter",
          "startTimeout",
          "selfCheck");

  private static final List<String> OWN_KEYS = List.of("url", "user", "password", "passwordFile");

  private ListenerProperties() {}

  static DetourListenerBuilder apply(DetourListenerBuilder b, Properties properties) {
    Map<String, String> all = Settings.toMap(properties);
    Settings.checkModulePrefixes(all, List.of(PREFIX, "detour.router.", "detour.resolver."));
    Settings s = Settings.of(PREFIX, all, KNOBS);
    String url = all.get("url");
    if (url == null) {
      throw new IllegalArgumentException("url: not set (expected: a jdbc:detour: URL)");
    }
    b.url(url.trim());
    if (all.containsKey("user")) {
      b.username(all.get("user"));
    }
    if (all.containsKey("password")) {
      b.password(all.get("password"));
    }
    if (all.containsKey("passwordFile")) {
      b.passwordFile(Path.of(all.get("passwordFile").trim()));
    }
    for (Map.Entry<String, String> e : all.entrySet()) {
      if (!e.getKey().startsWith(PREFIX) && !OWN_KEYS.contains(e.getKey())) {
        b.property(e.getKey(), e.getValue());
      }
    }
    b.heartbeat(s.bool("heartbeat", true));
    b.heartbeatInterval(
        s.duration(
            "heartbeatInterval",
            Duration.ofSeconds(10),
            Duration.ofMillis(100),
            Duration.ofHours(1)));
    b.heartbeatTimeout(
        s.duration(
            "heartbeatTimeout",
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            Duration.ofMinutes(5)));
    b.pollInterval(
        s.duration(
            "pollInterval", Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofSeconds(10)));
    b.queueCapacity(s.intValue("queueCapacity", 1000, 1, 1_000_000));
    b.overflowPolicy(
        s.enumValue("overflowPolicy", OverflowPolicy.class, OverflowPolicy.COALESCE_AND_RESYNC));
    b.dispatchThreads(s.intValue("dispatchThreads", 4, 1, 64));
    Duration initial =
        s.duration(
            "reconnectInitialDelay",
            Duration.ofMillis(250),
            Duration.ofMillis(1),
            Duration.ofMinutes(1));
    b.reconnectBackoff(
        initial,
        s.duration("reconnectMaxDelay", Duration.ofSeconds(30), initial, Duration.ofHours(1)),
        s.doubleValue("reconnectMultiplier", 2.0, 1, 10),
        s.doubleValue("reconnectJitter", 0.5, 0, 0.99));
    b.reconnectResetAfter(
        s.duration(
            "reconnectResetAfter", Duration.ofSeconds(60), Duration.ZERO, Duration.ofHours(1)));
    b.startTimeout(
        s.duration(
            "startTimeout", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(10)));
    b.selfCheck(s.bool("selfCheck", true));
    return b;
  }
}
