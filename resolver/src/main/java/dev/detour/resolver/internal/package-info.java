/** The resolver's implementation. Not API: may change without notice. */
package dev.detour.resolver.internal;
