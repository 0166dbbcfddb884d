package dev.detour.router.jdbc;

import dev.detour.router.NoHealthyAddressException;
import java.util.List;

/** Builds router failures for tests. */
public final class TestFailures {

  private TestFailures() {}

  /** Returns a fast-fail {@link NoHealthyAddressException} with {@code message}. */
  public static NoHealthyAddressException noHealthyAddress(String message) {
    return new NoHealthyAddressException(message, "h", 5432, true, List.of(), List.of(), null);
  }
}
