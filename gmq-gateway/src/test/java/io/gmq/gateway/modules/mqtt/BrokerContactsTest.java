package io.gmq.gateway.modules.mqtt;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the broker counts as heard: after a packet on a connection, per broker address, and no longer once any
 * connection to it closed, until a connection made after that loss hears from it.
 */
class BrokerContactsTest {

    private static final Duration RECENT = Duration.ofMinutes(1);

    private final BrokerContacts contacts = new BrokerContacts();

    @Test
    void aPacketOnAConnectionIsHeardForItsBrokerOnly() {
        BrokerContacts.Contact contact = contacts.of("broker", 1883);
        assertThat(contacts.heardWithin("broker", 1883, RECENT)).as("nothing yet").isFalse();

        contact.heard(contact.connected());

        assertThat(contacts.heardWithin("broker", 1883, RECENT)).isTrue();
        assertThat(contacts.of("broker", 1883)).as("one contact per address").isSameAs(contact);
        assertThat(contacts.heardWithin("broker", 1884, RECENT)).isFalse();
        assertThat(contacts.heardWithin("other", 1883, RECENT)).isFalse();
    }

    @Test
    void aLostConnectionVoidsThePacketsOfConnectionsMadeBeforeIt() {
        BrokerContacts.Contact contact = contacts.of("broker", 1883);
        int paused = contact.connected();
        contact.connected();

        contact.lost();
        contact.heard(paused);
        assertThat(contact.heardWithin(RECENT)).as("an older connection still reading what came before the loss")
                .isFalse();

        int fresh = contact.connected();
        assertThat(contact.heardWithin(RECENT)).as("a CONNACK after the loss").isTrue();
        contact.heard(fresh);
        assertThat(contact.heardWithin(RECENT)).isTrue();
    }

    @Test
    void anOldPacketIsNotHeardRecently() throws InterruptedException {
        BrokerContacts.Contact contact = contacts.of("broker", 1883);
        contact.heard(contact.connected());
        Thread.sleep(50);

        assertThat(contact.heardWithin(Duration.ofMillis(10))).isFalse();
        assertThat(contact.heardWithin(RECENT)).isTrue();
    }
}
