/** Internals of the {@code jdbc:detour:} driver; not API. */
package dev.detour.router.jdbc.internal;
