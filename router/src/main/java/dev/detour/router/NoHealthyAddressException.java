package dev.detour.router;

import java.io.IOException;

/**
 * Every address of a host is known bad, or none answered within the budget. (Stub on branch
 * router-jdbc; the engine's version replaces it.)
 */
public class NoHealthyAddressException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message names the host, every address and its last failure
   */
  public NoHealthyAddressException(String message) {
    super(message);
  }
}
