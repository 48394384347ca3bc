package io.gmq.im.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The IM tiers a run drives (or the peer standing in for them): where the comet and logic answer, the secrets tokens are minted
 * and the admin logs in
 * with, the pids /proc is read for, and the logs whose ERROR lines are counted.
 */
interface Stack extends AutoCloseable {

    /** Makes the tiers ready for one run (a fresh topic, group and database when the bench starts them). */
    void startRun(String run) throws Exception;

    /** Ends one run (stops the tiers the bench started). */
    void endRun();

    URI comet();

    /** Logic's REST API for the run's setup, or null when the stack has none (the peer: rooms exist on join). */
    URI logic();

    String jwtSecret();

    String adminPassword();

    /** comet, logic, push → pid (0 when unknown). */
    Map<String, Long> pids();

    /** service → log file of the current run; empty when the stack is external. */
    Map<String, Path> logs();

    @Override
    void close();
}
