package io.gmq.gateway.module;

import java.util.List;

/**
 * What became of one publish: the message id, how many module queues took it, and which refused it (queue full).
 */
public record PublishResult(String id, int delivered, List<String> rejectedBy) {

    public boolean fullyDelivered() {
        return rejectedBy.isEmpty();
    }
}
