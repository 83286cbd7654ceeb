package org.doudi.provisioning.broker;

import java.util.Optional;

/**
 * A Mosquitto {@code listener} line: a TCP port, on every address or bound to one.
 *
 * @param bindAddress empty for all addresses; an address such as {@code 127.0.0.1} keeps a listener
 *     off the network, e.g. the password listener of a centre that runs beside the broker
 */
public record Listener(int port, Optional<String> bindAddress) {
    public Listener {
        if (port < 1 || port > 65_535) {
            throw new InvalidBrokerSetting("a listener port must be from 1 to 65535");
        }
        bindAddress.ifPresent(address -> BrokerAddresses.checkHost(address, "a listener's bind address"));
    }

    /** A listener on every address. */
    public static Listener on(int port) {
        return new Listener(port, Optional.empty());
    }

    /** The same port, bound to one address only. */
    public Listener boundTo(String address) {
        return new Listener(port, Optional.of(address));
    }

    String configLine() {
        return "listener " + port + bindAddress.map(address -> " " + address).orElse("");
    }
}
