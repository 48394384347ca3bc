package io.gmq.im.push.entity;

import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * One numbered copy of a personal, group, multicast or broadcast message in MongoDB; the key is
 * {@code <conversation>#<seq>}, so storing a redelivered copy again changes nothing.
 */
@MongoEntity(collection = "messages")
public class StoredMessage {

    @BsonId
    public String key;
    public String conversation;
    public long seq;
    public String messageId;
    public String cid;
    public String from;
    public String kind;
    public String room;
    public String group;
    public List<String> to;
    public String body;
    public long ts;
}
