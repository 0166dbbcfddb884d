/** Internals of the fault proxy fleet; not API. */
package dev.detour.testkit.proxy.internal;
