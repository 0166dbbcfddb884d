/**
 * A fleet of fault-injecting TCP proxies on loopback addresses sharing one port: {@link
 * dev.detour.testkit.proxy.FaultProxyFleet} with its {@link dev.detour.testkit.proxy.Fault}s and
 * {@link dev.detour.testkit.proxy.ProxyCounters}.
 */
package dev.detour.testkit.proxy;
