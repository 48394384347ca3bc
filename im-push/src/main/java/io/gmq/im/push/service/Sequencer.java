package io.gmq.im.push.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ImKeys;
import io.gmq.im.push.config.PushConfig;
import io.gmq.im.push.repository.SequenceFloors;
import io.gmq.proto.im.v1.Message;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Numbers messages per conversation in one Redis round trip per batch. Idempotent: a message id keeps the seq it
 * was first given (remembered for {@code gmq.push.sequence-memory}), so a batch redelivered after a crash gets the
 * same numbers and clients de-duplicate by seq. A counter Redis does not have (a new conversation, or Redis came back
 * empty) is first set from its durable floor ({@link SequenceFloors}), so numbering never starts again at 1.
 */
@ApplicationScoped
public class Sequencer {

    // KEYS: seq counter and message-id key, in pairs. ARGV[1]: memory in seconds. Returns {0, seqs...}, or, writing
    // nothing, {1, index of each counter that does not exist...} (1-based pair index).
    private static final String SCRIPT = """
            local missing = {1}
            for i = 1, #KEYS, 2 do
              if redis.call('EXISTS', KEYS[i]) == 0 then
                missing[#missing + 1] = (i + 1) / 2
              end
            end
            if #missing > 1 then
              return missing
            end
            local out = {0}
            for i = 1, #KEYS, 2 do
              local seq = redis.call('GET', KEYS[i + 1])
              if not seq then
                seq = redis.call('INCR', KEYS[i])
                redis.call('SET', KEYS[i + 1], seq, 'EX', ARGV[1])
              end
              out[#out + 1] = tonumber(seq)
            end
            return out
            """;

    private final RedisDataSource redis;
    private final Redis client;
    private final SequenceFloors floors;
    private final long memorySeconds;

    public Sequencer(RedisDataSource redis, Redis client, SequenceFloors floors, PushConfig config) {
        this.redis = redis;
        this.client = client;
        this.floors = floors;
        this.memorySeconds = config.sequenceMemory().toSeconds();
    }

    /** The same messages, in the same order, with their seq set. */
    public List<Message> number(List<Message> messages) {
        if (messages.isEmpty()) {
            return messages;
        }
        List<String> args = new ArrayList<>(messages.size() * 2 + 3);
        args.add(SCRIPT);
        args.add(Integer.toString(messages.size() * 2));
        for (Message message : messages) {
            args.add(ImKeys.sequence(message.getConversation()));
            args.add(ImKeys.messageSequence(message.getConversation(), message.getId()));
        }
        args.add(Long.toString(memorySeconds));
        Response seqs = redis.execute("EVAL", args.toArray(String[]::new));
        if (seqs.get(0).toInteger() == 1) {
            Set<String> missing = new LinkedHashSet<>();
            for (int i = 1; i < seqs.size(); i++) {
                missing.add(messages.get(seqs.get(i).toInteger() - 1).getConversation());
            }
            seed(missing);
            seqs = redis.execute("EVAL", args.toArray(String[]::new));
            if (seqs.get(0).toInteger() == 1) {
                throw new IllegalStateException("seq counters vanished while numbering (Redis flushed again?)");
            }
        }
        List<Message> numbered = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            numbered.add(messages.get(i).toBuilder().setSeq(seqs.get(i + 1).toLong()).build());
        }
        return numbered;
    }

    /** The last seq given in a conversation (0 when none); a counter Redis lost is set again from its floor. */
    public long last(String conversation) {
        String value = redis.value(String.class).get(ImKeys.sequence(conversation));
        if (value != null) {
            return Long.parseLong(value);
        }
        seed(Set.of(conversation));
        value = redis.value(String.class).get(ImKeys.sequence(conversation));
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Sets counters that do not exist to their durable floor (SET NX: a counter that exists meanwhile wins). */
    private void seed(Set<String> conversations) {
        Map<String, Long> floor = floors.floors(conversations);
        List<Request> batch = new ArrayList<>(conversations.size());
        floor.forEach((conversation, seq) -> batch.add(
                Request.cmd(Command.SET).arg(ImKeys.sequence(conversation)).arg(seq).arg("NX")));
        client.batchAndAwait(batch);
    }
}
