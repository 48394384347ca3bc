package io.gmq.im.push.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.InvalidProtocolBufferException;

import io.gmq.im.common.ImKeys;
import io.gmq.im.push.config.PushConfig;
import io.gmq.proto.im.v1.Message;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * A room's recent messages in Redis: a sorted set scored by seq holding the protobuf bytes, bounded to
 * {@code gmq.push.room-history-size} entries and expiring {@code gmq.push.room-history-ttl} after the last write.
 */
@ApplicationScoped
public class RoomHistoryRepository {

    private final SortedSetCommands<String, byte[]> zsets;
    private final Redis redis;
    private final int size;
    private final long ttlSeconds;

    public RoomHistoryRepository(RedisDataSource data, Redis redis, PushConfig config) {
        this.zsets = data.sortedSet(byte[].class);
        this.redis = redis;
        this.size = config.roomHistorySize();
        this.ttlSeconds = Math.max(1, config.roomHistoryTtl().toSeconds());
    }

    /**
     * Stores rooms' messages, room → its messages, in one pipelined round trip whatever the number of rooms
     * (idempotent: the same message has the same bytes and score).
     */
    public void store(Map<String, List<Message>> byRoom) {
        if (byRoom.isEmpty()) {
            return;
        }
        List<Request> batch = new ArrayList<>(byRoom.size() * 3);
        byRoom.forEach((conversation, messages) -> {
            String key = ImKeys.history(conversation);
            Request zadd = Request.cmd(Command.ZADD).arg(key);
            messages.forEach(message -> zadd.arg(message.getSeq()).arg(message.toByteArray()));
            batch.add(zadd);
            batch.add(Request.cmd(Command.ZREMRANGEBYRANK).arg(key).arg(0).arg(-(size + 1)));
            batch.add(Request.cmd(Command.EXPIRE).arg(key).arg(ttlSeconds));
        });
        redis.batchAndAwait(batch);
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
