/**
 * Detour examples: see the README's section on this module. This package is filled in by its own
 * issue.
 */
package dev.detour.examples;
