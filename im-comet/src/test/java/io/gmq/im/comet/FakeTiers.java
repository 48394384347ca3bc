package io.gmq.im.comet;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Singleton;

import io.gmq.im.comet.client.HistoryClient;
import io.gmq.im.comet.client.LogicClient;
import io.gmq.im.comet.config.CometConfig;
import io.gmq.proto.im.logic.v1.ConnectReply;
import io.gmq.proto.im.logic.v1.ConnectRequest;
import io.gmq.proto.im.logic.v1.DisconnectRequest;
import io.gmq.proto.im.logic.v1.RenewReply;
import io.gmq.proto.im.logic.v1.RenewRequest;
import io.gmq.proto.im.logic.v1.RoomReply;
import io.gmq.proto.im.logic.v1.SendReply;
import io.gmq.proto.im.logic.v1.SendRequest;
import io.gmq.proto.im.push.v1.FetchReply;
import io.quarkus.test.Mock;

/**
 * Logic and push as seen by a comet under test: every call accepted with an empty answer, so a WebSocket connects
 * (registered, empty inbox) without the other tiers running.
 */
final class FakeTiers {

    private FakeTiers() {
    }

    @Mock
    @Singleton
    static class Logic extends LogicClient {

        Logic(CometConfig config) {
            super(null, config);
        }

        @Override
        public ConnectReply connect(ConnectRequest request) {
            return ConnectReply.getDefaultInstance();
        }

        @Override
        public void disconnect(DisconnectRequest request) {
        }

        @Override
        public RenewReply renew(RenewRequest request) {
            return RenewReply.getDefaultInstance();
        }

        @Override
        public RoomReply join(String user, String room) {
            return RoomReply.getDefaultInstance();
        }

        @Override
        public RoomReply leave(String user, String room) {
            return RoomReply.getDefaultInstance();
        }

        @Override
        public SendReply send(SendRequest request) {
            return SendReply.getDefaultInstance();
        }
    }

    @Mock
    @Singleton
    static class History extends HistoryClient {

        History(CometConfig config) {
            super(null, config);
        }

        @Override
        public FetchReply fetch(String user, String conversation, long afterSeq, int limit) {
            return FetchReply.newBuilder().setComplete(true).build();
        }

        /** User → the seqs acknowledged to push, in order. */
        static final Map<String, List<Long>> ACKS = new ConcurrentHashMap<>();

        @Override
        public long ack(String user, long seq) {
            ACKS.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>()).add(seq);
            return seq;
        }
    }
}
