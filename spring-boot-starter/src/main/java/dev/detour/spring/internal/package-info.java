/** The starter's internals: key mapping, conditions, the annotation processor. Not API. */
package dev.detour.spring.internal;
