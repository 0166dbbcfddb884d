package dev.detour.examples.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detour.core.Durations;
import dev.detour.resolver.HostResolver;
import dev.detour.resolver.HostResolverBuilder;
import dev.detour.router.RouterConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyReferenceTest {

  /** Resolver defaults read from the machine (/etc/resolv.conf, /etc/hosts), not from code. */
  private static final Set<String> MACHINE_DEFAULTS =
      Set.of("servers", "search", "ndots", "hostsFile", "useHostsFile");

  @Test
  void everyKeyTheModulesDefineIsDocumentedAndNoDocumentedKeyIsStale() {
    List<String> code = KeyReference.codeKeys();
    Set<String> documented = KeyReference.docs().keySet();

    assertThat(code).as("keys with no line in detour-keys.tsv").isSubsetOf(documented);
    assertThat(documented)
        .as("lines in detour-keys.tsv for keys no module defines")
        .isSubsetOf(code);
    assertThat(code).doesNotHaveDuplicates();
  }

  @Test
  void theReadmeCarriesTheGeneratedTableOfEveryKey() throws Exception {
    String readme = Files.readString(readme(), StandardCharsets.UTF_8);

    List<String> missing = new ArrayList<>();
    for (String key : KeyReference.codeKeys()) {
      if (!readme.contains("`" + key + "`")) {
        missing.add(key);
      }
    }
    assertThat(missing).as("keys missing from README.md").isEmpty();
    assertThat(KeyReference.rewrite(readme))
        .as("README.md's key table is stale: run KeyReference README.md")
        .isEqualTo(readme);
  }

  @Test
  void routerDefaultsInTheReferenceAreTheCodesDefaults() throws Exception {
    Map<String, KeyReference.Doc> docs = KeyReference.docs();
    RouterConfig defaults = RouterConfig.defaults();
    for (String name : RouterConfig.KEYS) {
      Object value = component(defaults, name);
      assertThat(docs.get(RouterConfig.PREFIX + name).defaultValue())
          .as(RouterConfig.PREFIX + name)
          .isEqualToIgnoringCase(text(value));
    }
  }

  @Test
  void resolverDefaultsInTheReferenceAreTheCodesDefaults() throws Exception {
    Map<String, KeyReference.Doc> docs = KeyReference.docs();
    Object defaults = HostResolver.builder().config();
    for (String name : HostResolverBuilder.PROPERTY_NAMES) {
      if (MACHINE_DEFAULTS.contains(name)) {
        continue;
      }
      assertThat(docs.get(HostResolverBuilder.PREFIX + name).defaultValue())
          .as(HostResolverBuilder.PREFIX + name)
          .isEqualTo(text(component(defaults, name)));
    }
  }

  /** The config's accessor named like the key: {@code connectBudget()} for connectBudget. */
  private static Object component(Object config, String name) throws Exception {
    return config.getClass().getMethod(name).invoke(config);
  }

  private static String text(Object value) {
    if (value instanceof Duration d) {
      return Durations.format(d);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    return String.valueOf(value);
  }

  private static Path readme() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("README.md")) && Files.exists(p.resolve("examples"))) {
        return p.resolve("README.md");
      }
    }
    throw new AssertionError("README.md not found above " + here);
  }
}
