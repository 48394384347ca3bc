package io.gmq.im.push.repository;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.InvalidProtocolBufferException;

import io.gmq.im.common.ImKeys;
import io.gmq.im.push.config.PushConfig;
import io.gmq.proto.im.v1.Message;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;

/**
 * A room's recent messages in Redis: a sorted set scored by seq holding the protobuf bytes, bounded to
 * {@code gmq.push.room-history-size} entries and expiring {@code gmq.push.room-history-ttl} after the last write.
 */
@ApplicationScoped
public class RoomHistoryRepository {

    private final SortedSetCommands<String, byte[]> zsets;
    private final KeyCommands<String> keys;
    private final int size;
    private final Duration ttl;

    public RoomHistoryRepository(RedisDataSource redis, PushConfig config) {
        this.zsets = redis.sortedSet(byte[].class);
        this.keys = redis.key();
        this.size = config.roomHistorySize();
        this.ttl = config.roomHistoryTtl();
    }

    /** Stores one room's messages (idempotent: the same message has the same bytes and score). */
    public void store(String conversation, List<Message> messages) {
        String key = ImKeys.history(conversation);
        Map<byte[], Double> items = new LinkedHashMap<>();
        for (Message message : messages) {
            items.put(message.toByteArray(), (double) message.getSeq());
        }
        zsets.zadd(key, items);
        zsets.zremrangebyrank(key, 0, -(size + 1));
        keys.expire(key, ttl);
    }

    /** Messages after a seq, oldest first, at most limit. */
    public List<Message> after(String conversation, long afterSeq, int limit) {
        List<byte[]> raw = zsets.zrangebyscore(ImKeys.history(conversation),
                new ScoreRange<>(afterSeq + 1.0, Double.POSITIVE_INFINITY), new ZRangeArgs().limit(0, limit));
        return raw.stream().map(RoomHistoryRepository::parse).toList();
    }

    /** The oldest seq still kept, or 0 when the history is empty. */
    public long oldest(String conversation) {
        List<byte[]> first = zsets.zrange(ImKeys.history(conversation), 0, 0);
        return first.isEmpty() ? 0 : parse(first.get(0)).getSeq();
    }

    private static Message parse(byte[] bytes) {
        try {
            return Message.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt room history entry", e);
        }
    }
}
