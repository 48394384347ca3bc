package io.gmq.im.push.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.Conversations;
import io.gmq.im.push.repository.MessageRepository;
import io.gmq.im.push.repository.RoomHistoryRepository;
import io.gmq.proto.im.v1.Message;

/**
 * One batch through the push tier: number per conversation, persist (rooms to Redis, everything else to MongoDB),
 * then hand off to the comets; a fixed number of round trips per batch (numbering, room history, MongoDB, who gets
 * it, one call per comet), whatever the number of messages, rooms or members. Any store failure throws, so the caller does not
 * commit and the batch comes again.
 */
@ApplicationScoped
public class PushService {

    private final Sequencer sequencer;
    private final RoomHistoryRepository rooms;
    private final MessageRepository messages;
    private final CometFanOut fanOut;

    public PushService(Sequencer sequencer, RoomHistoryRepository rooms, MessageRepository messages,
            CometFanOut fanOut) {
        this.sequencer = sequencer;
        this.rooms = rooms;
        this.messages = messages;
        this.fanOut = fanOut;
    }

    public void handle(List<Message> batch) {
        Map<String, List<Message>> byConversation = new LinkedHashMap<>();
        for (Message message : sequencer.number(batch)) {
            byConversation.computeIfAbsent(message.getConversation(), c -> new ArrayList<>()).add(message);
        }
        Map<String, List<Message>> byRoom = new LinkedHashMap<>();
        List<Message> personal = new ArrayList<>();
        byConversation.forEach((conversation, list) -> {
            if (Conversations.isRoom(conversation)) {
                byRoom.put(conversation, list);
            } else {
                personal.addAll(list);
            }
        });
        rooms.store(byRoom);
        if (!personal.isEmpty()) {
            messages.store(personal);
        }
        fanOut.deliver(byConversation);
    }
}
