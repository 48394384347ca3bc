package io.gmq.servers.test;

import io.gmq.servers.ServerKind;

/**
 * The real Kafka server for a {@code @QuarkusTest}; see {@link ServerTestResource}.
 */
public class KafkaTestResource extends ServerTestResource {

    public KafkaTestResource() {
        super(ServerKind.KAFKA);
    }
}
