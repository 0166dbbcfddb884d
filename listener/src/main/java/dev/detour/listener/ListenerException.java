package dev.detour.listener;

/**
 * A listener could not do what was asked: {@link DetourListener#start()} failed (the connection,
 * the {@code LISTEN} or the notification self-check), the listener failed for good (an
 * authentication error or an unknown database), or a subscription was closed by the {@link
 * OverflowPolicy#FAIL} policy. The message says which, and never contains a password.
 */
public class ListenerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   * @param cause the underlying failure, or null
   */
  public ListenerException(String message, Throwable cause) {
    super(message, cause);
  }
}
