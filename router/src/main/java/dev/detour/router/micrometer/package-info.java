/**
 * Micrometer metrics and observations for the router. Micrometer is optional: this package is the
 * only one that uses it, so it loads only when {@link
 * dev.detour.router.micrometer.MicrometerRouterListener} is used.
 */
package dev.detour.router.micrometer;
