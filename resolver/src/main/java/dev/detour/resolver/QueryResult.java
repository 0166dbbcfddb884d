package dev.detour.resolver;

/** What one DNS query to one server returned, as reported to a {@link ResolverEventListener}. */
public enum QueryResult {
  /** At least one address of the asked type. */
  OK,
  /** NOERROR without records of the asked type (NODATA), or only a CNAME to re-query. */
  NO_RECORDS,
  /** The name does not exist. */
  NXDOMAIN,
  /** The server failed (SERVFAIL). */
  SERVFAIL,
  /** The server refused the query, or answered with another error code. */
  REFUSED,
  /** No answer within the per-query timeout. */
  TIMEOUT,
  /** A network or parse error. */
  ERROR
}
