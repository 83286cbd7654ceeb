package org.doudi.provisioning.broker;

import java.util.regex.Pattern;
import org.bouncycastle.util.IPAddress;

/** Host names and addresses as they go into mosquitto.conf, certificates and broker URLs. */
final class BrokerAddresses {
    /** RFC 1123 labels; no wildcards, which a device-facing certificate has no use for. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private BrokerAddresses() {
    }

    static boolean isDnsName(String name) {
        return DNS_NAME.matcher(name).matches();
    }

    /** A DNS name or an IP address; anything else is refused before it reaches a file. */
    static String checkHost(String host, String what) {
        if (host == null || !(IPAddress.isValid(host) || isDnsName(host))) {
            throw new InvalidBrokerSetting(what + " must be a DNS name or an IP address");
        }
        return host;
    }

    /** {@code host:port} for a URL, with an IPv6 address in brackets. */
    static String authority(String host, int port) {
        return (IPAddress.isValidIPv6(host) ? "[" + host + "]" : host) + ":" + port;
    }
}
