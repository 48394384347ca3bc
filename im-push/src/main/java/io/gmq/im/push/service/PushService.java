package io.gmq.im.push.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.im.common.Conversations;
import io.gmq.im.push.repository.MessageRepository;
import io.gmq.im.push.repository.RoomHistoryRepository;
import io.gmq.im.push.repository.SequenceFloors;
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
    private final SequenceFloors floors;

    public PushService(Sequencer sequencer, RoomHistoryRepository rooms, MessageRepository messages,
            CometFanOut fanOut, SequenceFloors floors) {
        this.floors = floors;
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
        // Before anyone sees these seqs: were Redis to lose its counters, numbering resumes above them.
        floors.raise(lastSeqs(byRoom));
        if (!personal.isEmpty()) {
            messages.store(personal);
        }
        fanOut.deliver(byConversation);
    }

    private static Map<String, Long> lastSeqs(Map<String, List<Message>> byConversation) {
        Map<String, Long> last = new LinkedHashMap<>();
        byConversation.forEach(
                (conversation, list) -> last.put(conversation, list.stream().mapToLong(Message::getSeq).max().orElse(0)));
        return last;
    }
}
