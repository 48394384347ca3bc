package io.gmq.servers;

/**
 * Fault injection on a server this manager started (tests, the fault matrix): killed, stopped cleanly and started
 * again on the same data and endpoint.
 */
public interface Restartable {

    /** {@code kill -9} of the server (every process of it); its data on disk stays for {@link #restart()}. */
    void kill9();

    /** A clean stop (SIGTERM or the server's own fast shutdown), forced after {@code graceSeconds}. */
    void terminate(long graceSeconds);

    /** Starts the server again on its previous data and endpoint, and waits until it answers. */
    void restart();

    /** The server's main process id while it runs, else 0. */
    long pid();
}
