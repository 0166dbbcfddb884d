/** The README's reference of every {@code detour.*} key, generated from the modules' key lists. */
package dev.detour.examples.reference;
