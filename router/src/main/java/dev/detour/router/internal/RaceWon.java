package dev.detour.router.internal;

import dev.detour.router.AttemptOutcome;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A race's winner: the connected socket, its address and health, and every attempt in start order.
 *
 * @param socket the connected socket; the receiver owns it
 * @param state the winning address's health
 * @param address the winning address
 * @param attempts every attempt's outcome, in start order
 */
public record RaceWon(
    Socket socket, AddressState state, InetSocketAddress address, List<AttemptOutcome> attempts) {}
