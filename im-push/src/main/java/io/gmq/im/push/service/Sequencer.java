package io.gmq.im.push.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.ImKeys;
import io.gmq.im.push.config.PushConfig;
import io.gmq.proto.im.v1.Message;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Numbers messages per conversation in one Redis round trip per batch. Idempotent: a message id keeps the seq it
 * was first given (remembered for {@code gmq.push.sequence-memory}), so a batch redelivered after a crash gets the
 * same numbers and clients de-duplicate by seq.
 */
@ApplicationScoped
public class Sequencer {

    // KEYS: seq counter and message-id key, in pairs. ARGV[1]: memory in seconds.
    private static final String SCRIPT = """
            local out = {}
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
    private final long memorySeconds;

    public Sequencer(RedisDataSource redis, PushConfig config) {
        this.redis = redis;
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
        List<Message> numbered = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            numbered.add(messages.get(i).toBuilder().setSeq(seqs.get(i).toLong()).build());
        }
        return numbered;
    }

    /** The last seq given in a conversation (0 when none). */
    public long last(String conversation) {
        String value = redis.value(String.class).get(ImKeys.sequence(conversation));
        return value == null ? 0 : Long.parseLong(value);
    }
}
