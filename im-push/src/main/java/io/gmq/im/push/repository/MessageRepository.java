package io.gmq.im.push.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.bson.Document;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.gmq.im.push.entity.StoredMessage;
import io.gmq.proto.im.v1.Kind;
import io.gmq.proto.im.v1.Message;
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;

/**
 * Personal, group, multicast and broadcast messages in MongoDB, indexed by (conversation, seq) so "messages of
 * user X's inbox after seq N" is one index range; and each user's acknowledgement cursor
 * (collection {@code acks}).
 */
@ApplicationScoped
public class MessageRepository implements PanacheMongoRepositoryBase<StoredMessage, String> {

    void indexes(@Observes StartupEvent event) {
        mongoCollection().createIndex(Indexes.ascending("conversation", "seq"), new IndexOptions().unique(true));
    }

    /** Stores (or re-stores, unchanged) numbered copies. */
    public void store(List<Message> messages) {
        persistOrUpdate(messages.stream().map(MessageRepository::toStored).toList());
    }

    public List<Message> after(String conversation, long afterSeq, int limit) {
        return find("conversation = ?1 and seq > ?2", Sort.ascending("seq"), conversation, afterSeq).page(0, limit)
                .list().stream().map(MessageRepository::toMessage).toList();
    }

    public long acked(String user) {
        Document cursor = acks().find(Filters.eq("_id", user)).first();
        return cursor == null ? 0 : cursor.get("seq", Number.class).longValue();
    }

    /** Raises the user's cursor to seq (never lowers it); returns the cursor after the update. */
    public long ack(String user, long seq) {
        // One round trip: acks arrive from every client about once a second.
        Document cursor = acks().findOneAndUpdate(Filters.eq("_id", user), Updates.max("seq", seq),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return cursor == null ? seq : cursor.get("seq", Number.class).longValue();
    }

    /** Collection "acks": {_id: user, seq}. */
    private MongoCollection<Document> acks() {
        return mongoDatabase().getCollection("acks");
    }

    private static StoredMessage toStored(Message m) {
        StoredMessage s = new StoredMessage();
        s.key = m.getConversation() + "#" + m.getSeq();
        s.conversation = m.getConversation();
        s.seq = m.getSeq();
        s.messageId = m.getId();
        s.cid = m.getCid();
        s.from = m.getFrom();
        s.kind = m.getKind().name();
        s.room = m.getRoom();
        s.group = m.getGroup();
        s.to = m.getToList();
        s.body = m.getBody();
        s.ts = m.getTs();
        return s;
    }

    private static Message toMessage(StoredMessage s) {
        return Message.newBuilder().setConversation(s.conversation).setSeq(s.seq).setId(s.messageId)
                .setCid(nonNull(s.cid)).setFrom(nonNull(s.from)).setKind(Kind.valueOf(s.kind)).setRoom(nonNull(s.room))
                .setGroup(nonNull(s.group)).addAllTo(s.to == null ? List.of() : s.to).setBody(nonNull(s.body))
                .setTs(s.ts).build();
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
