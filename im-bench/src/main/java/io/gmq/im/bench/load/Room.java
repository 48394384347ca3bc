package io.gmq.im.bench.load;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A room the generator fills: its name and how many of the generator's clients are in it now (joined and still
 * connected), which is how many copies each message sent to it should reach.
 */
final class Room {

    final String name;
    final AtomicInteger members = new AtomicInteger();

    Room(String name) {
        this.name = name;
    }
}
