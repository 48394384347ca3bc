package io.gmq.gateway.modules.mqtt;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** A session to this broker received a packet within {@code window} on a connection made after the last loss. */
    public boolean heardWithin(String host, int port, Duration window) {
        Contact contact = contacts.get(host + ":" + port);
        return contact != null && contact.heardWithin(window);
    }

    /**
     * One broker's last packet, written by its sessions' event loops and read by readiness. A connection to the broker
     * that closes voids the packets of every connection older than the next CONNACK: one that has not noticed the loss
     * yet (a paused socket does not read the close) may still be reading what the broker sent before it went away.
     */
    public static final class Contact {

        private final AtomicInteger losses = new AtomicInteger();
        private volatile long heardAt;
        /** The number of losses the last counted packet came after; its packet counts only while that is current. */
        private volatile int heardAfter = -1;

        /** At CONNACK: returns the mark this connection's packets carry ({@link #heard}). */
        public int connected() {
            int mark = losses.get();
            heard(mark);
            return mark;
        }

        /** A packet came in on a connection marked {@code mark}; cheap enough for every PUBLISH. */
        public void heard(int mark) {
            if (mark == losses.get()) {
                heardAt = System.nanoTime();
                heardAfter = mark;
            }
        }

        /** A connection to the broker closed: until the next CONNACK only a fresh probe tells. */
        public void lost() {
            losses.incrementAndGet();
        }

        public boolean heardWithin(Duration window) {
            return heardAfter == losses.get() && System.nanoTime() - heardAt <= window.toNanos();
        }
    }
}
