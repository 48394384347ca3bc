package io.gmq.common.health;

import org.bson.Document;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.smallrye.mutiny.Uni;

/**
 * MongoDB answers the ping command.
 */
public final class MongoProbe implements DependencyProbe {

    private final ReactiveMongoClient mongo;
    private final String address;

    public MongoProbe(ReactiveMongoClient mongo, String connectionString) {
        this.mongo = mongo;
        this.address = DependencyProbe.redact(connectionString);
    }

    @Override
    public String name() {
        return "MongoDB";
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public Uni<Void> check() {
        return mongo.getDatabase("admin").runCommand(new Document("ping", 1)).replaceWithVoid();
    }
}
