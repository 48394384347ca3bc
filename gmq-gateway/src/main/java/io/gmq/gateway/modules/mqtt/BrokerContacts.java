package io.gmq.gateway.modules.mqtt;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Owns when each MQTT broker (host:port) last sent this gateway a packet on one of its live sessions (CONNACK,
 * PUBLISH, PUBACK, PINGRESP). Readiness takes that as the broker's answer: a gateway too busy to get a fresh probe
 * connection through within the probe timeout (a flood, long collections) still hears its broker, and must not call
 * it DOWN.
 */
@ApplicationScoped
public class BrokerContacts {

    private final ConcurrentMap<String, Contact> contacts = new ConcurrentHashMap<>();

    /** The contact every session to this broker reports to. */
    public Contact of(String host, int port) {
        return contacts.computeIfAbsent(host + ":" + port, address -> new Contact());
    }

    /** A session to this broker received a packet within {@code window}, and none of them lost its connection since. */
    public boolean heardWithin(String host, int port, Duration window) {
        Contact contact = contacts.get(host + ":" + port);
        return contact != null && contact.heardWithin(window);
    }

    /** One broker's last packet, written by its sessions' event loops and read by readiness. */
    public static final class Contact {

        private volatile long heardAt;
        private volatile boolean known;

        /** A packet came in; cheap enough for every PUBLISH. */
        public void heard() {
            heardAt = System.nanoTime();
            known = true;
        }

        /** A connection to the broker closed: until the next packet, only a fresh probe tells. */
        public void forget() {
            known = false;
        }

        public boolean heardWithin(Duration window) {
            return known && System.nanoTime() - heardAt <= window.toNanos();
        }
    }
}
