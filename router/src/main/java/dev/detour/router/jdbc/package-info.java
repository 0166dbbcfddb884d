/**
 * The {@code jdbc:detour:} JDBC driver and the pgjdbc socket factory that route every physical
 * PostgreSQL connection through the Detour router. Start at {@link
 * dev.detour.router.jdbc.DetourDriver}.
 */
package dev.detour.router.jdbc;
