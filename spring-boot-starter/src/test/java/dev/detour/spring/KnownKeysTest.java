package dev.detour.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.listener.DetourListener;
import dev.detour.pool.DetourDataSource;
import dev.detour.spring.internal.EnvironmentKeys;
import dev.detour.spring.internal.KnownKeys;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/**
 * The starter's copy of the listener's key list equals the listener's own (which is private to its
 * package), and the metadata lists every pool and listener key (the pool's URL and credentials come
 * from {@code spring.datasource.*} instead).
 */
class KnownKeysTest {

  @Test
  @SuppressWarnings("unchecked")
  void listenerKeysEqualTheListenersOwnList() throws Exception {
    Class<?> own = Class.forName(DetourListener.class.getPackageName() + ".ListenerProperties");
    Field knobs = own.getDeclaredField("KNOBS");
    knobs.setAccessible(true);
    assertThat(KnownKeys.LISTENER)
        .containsExactlyInAnyOrderElementsOf((List<String>) knobs.get(null));
  }

  @Test
  @SuppressWarnings("unchecked")
  void metadataListsEveryPoolAndListenerKey() throws Exception {
    String json;
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Map<String, Object> byName = new TreeMap<>();
    for (Object p :
        (List<Object>) JsonParserFactory.getJsonParser().parseMap(json).get("properties")) {
      Map<String, Object> property = (Map<String, Object>) p;
      byName.put((String) property.get("name"), property);
    }
    for (String name : KnownKeys.LISTENER) {
      assertThat(byName).containsKey(EnvironmentKeys.dashed("detour.listener." + name));
    }
    for (String name : DetourDataSource.KEYS) {
      if (!List.of("url", "username", "password", "passwordFile").contains(name)) {
        assertThat(byName).containsKey(EnvironmentKeys.dashed("detour.pool." + name));
      }
    }
    assertThat(byName)
        .containsKeys("detour.pool.enabled", "detour.listener.enabled", "detour.pool.hikari");
  }
}
