package io.gmq.im.push.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import io.gmq.im.common.Conversations;
import io.gmq.im.push.config.PushConfig;

/**
 * The durable lower bound of each conversation's seq, for when Redis lost its counters (a restart without
 * persistence): a stored conversation's highest seq in {@code messages}, and a room's last seq in {@code sequences}
 * (room history lives in Redis only, so push records each batch's highest room seq there). Numbering resumes above
 * it, so a seq never names two messages and clients never drop a new message as a repeat.
 */
@ApplicationScoped
public class SequenceFloors {

    private final MongoCollection<Document> messages;
    private final MongoCollection<Document> sequences;

    public SequenceFloors(MongoClient mongo, PushConfig config) {
        this.messages = mongo.getDatabase(config.database()).getCollection("messages");
        this.sequences = mongo.getDatabase(config.database()).getCollection("sequences");
    }

    /** Records rooms' highest seq (never lowers it), in one round trip. */
    public void raise(Map<String, Long> lastSeqByRoom) {
        if (lastSeqByRoom.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> updates = new ArrayList<>(lastSeqByRoom.size());
        lastSeqByRoom.forEach((room, seq) -> updates.add(new UpdateOneModel<>(Filters.eq("_id", room),
                Updates.max("seq", seq), new UpdateOptions().upsert(true))));
        sequences.bulkWrite(updates);
    }

    /** Conversation → its floor (0 when nothing of it was ever stored), for each conversation asked for. */
    public Map<String, Long> floors(Collection<String> conversations) {
        Map<String, Long> floors = new HashMap<>();
        List<String> rooms = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        for (String conversation : conversations) {
            floors.put(conversation, 0L);
            (Conversations.isRoom(conversation) ? rooms : stored).add(conversation);
        }
        if (!rooms.isEmpty()) {
            for (Document doc : sequences.find(Filters.in("_id", rooms))) {
                floors.put(doc.getString("_id"), doc.get("seq", Number.class).longValue());
            }
        }
        if (!stored.isEmpty()) {
            List<Bson> pipeline = List.of(Aggregates.match(Filters.in("conversation", stored)),
                    Aggregates.group("$conversation", Accumulators.max("seq", "$seq")));
            for (Document doc : messages.aggregate(pipeline)) {
                floors.put(doc.getString("_id"), doc.get("seq", Number.class).longValue());
            }
        }
        return floors;
    }
}
