package io.gmq.servers.mongo;

import java.util.concurrent.CountDownLatch;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Runs an in-memory MongoDB-wire-compatible server on the given host and port until the process is stopped.
 */
public final class MongoMain {

    private MongoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 27017;
        MongoServer server = new MongoServer(new MemoryBackend());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }, "mongo-shutdown"));
        server.bind(host, port);
        System.out.println("mongo-java-server listening on " + host + ":" + port);
        stopped.await();
    }
}
