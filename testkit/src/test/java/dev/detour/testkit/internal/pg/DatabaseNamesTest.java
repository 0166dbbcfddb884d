package dev.detour.testkit.internal.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseNamesTest {

  @Test
  void classNameLosesItsPackageAndIsLowerCased() {
    assertThat(DatabaseNames.of("dev.detour.pool.PoolIT", 3)).isEqualTo("poolit_3");
  }

  @Test
  void nestedClassSeparatorBecomesAnUnderscore() {
    assertThat(DatabaseNames.of("dev.detour.pool.PoolIT$WhenDnsFails", 1))
        .isEqualTo("poolit_whendnsfails_1");
  }

  @Test
  void runsOfOtherCharactersCollapseToOneUnderscore() {
    assertThat(DatabaseNames.of("  Some -- Hint!  ", 7)).isEqualTo("some_hint_7");
  }

  @Test
  void nameThatWouldStartWithADigitGetsAPrefix() {
    assertThat(DatabaseNames.of("42things", 1)).isEqualTo("db_42things_1");
  }

  @Test
  void hintWithoutUsableCharactersBecomesDb() {
    assertThat(DatabaseNames.of("$$$", 2)).isEqualTo("db_2");
  }

  @Test
  void nonAsciiLettersAreReplaced() {
    assertThat(DatabaseNames.of("Ünïcode", 1)).isEqualTo("n_code_1");
  }

  @Test
  void longHintIsCutSoTheWholeNameFitsPostgresLimit() {
    String name = DatabaseNames.of("A".repeat(200), 123456);

    assertThat(name).hasSize(DatabaseNames.MAX_LENGTH).endsWith("_123456").startsWith("aaaa");
  }

  @Test
  void cutNeverLeavesADoubleUnderscoreBeforeTheSuffix() {
    String hint = "a".repeat(60) + "_b";

    assertThat(DatabaseNames.of(hint, 12)).isEqualTo("a".repeat(60) + "_12");
  }

  @Test
  void differentSequencesGiveDifferentNames() {
    assertThat(DatabaseNames.of("X", 1)).isNotEqualTo(DatabaseNames.of("X", 2));
  }

  @Test
  void blankOrNullHintIsRejectedWithItsName() {
    assertThatThrownBy(() -> DatabaseNames.of("  ", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nameHint: '  ' (expected: non-blank text)");
    assertThatThrownBy(() -> DatabaseNames.of(null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nameHint: null (expected: non-blank text)");
  }

  @Test
  void negativeSequenceIsRejected() {
    assertThatThrownBy(() -> DatabaseNames.of("x", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sequence: -1 (expected: >= 0)");
  }
}
