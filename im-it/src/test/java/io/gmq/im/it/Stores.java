package io.gmq.im.it;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import io.gmq.proto.im.v1.Message;
import io.gmq.servers.ServerKind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads Redis and MongoDB directly, to assert where push stored each message.
 */
final class Stores {

    private final ImStack stack;

    Stores(ImStack stack) {
        this.stack = stack;
    }

    /** Bodies in a room's Redis history, by seq (read with a binary-safe RESP exchange). */
    List<String> roomHistory(String conversation) throws Exception {
        return roomMessages(conversation).stream().map(Message::getBody).toList();
    }

    /** The messages of a room's Redis history, by seq. */
    List<Message> roomMessages(String conversation) throws Exception {
        List<Message> messages = new ArrayList<>();
        for (byte[] member : zrange("im:hist:" + conversation)) {
            messages.add(Message.parseFrom(member));
        }
        return messages;
    }

    private List<byte[]> zrange(String key) throws Exception {
        try (Socket socket = new Socket(stack.endpoint(ServerKind.REDIS).host(), stack.endpoint(ServerKind.REDIS).port())) {
            StringBuilder command = new StringBuilder("*4\r\n");
            for (String arg : new String[] { "ZRANGE", key, "0", "-1" }) {
                command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
                        .append("\r\n");
            }
            socket.getOutputStream().write(command.toString().getBytes(StandardCharsets.UTF_8));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            String header = line(in);
            assertThat(header).startsWith("*");
            List<byte[]> members = new ArrayList<>();
            for (int i = Integer.parseInt(header.substring(1)); i > 0; i--) {
                byte[] member = new byte[Integer.parseInt(line(in).substring(1))];
                in.readFully(member);
                line(in);
                members.add(member);
            }
            return members;
        }
    }

    private static String line(DataInputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            line.append((char) b);
        }
        in.read();
        return line.toString();
    }

    List<String> inbox(String user) {
        return bodies("u:" + user);
    }

    List<String> broadcasts() {
        return bodies("all");
    }

    private List<String> bodies(String conversation) {
        try (MongoClient client = MongoClients.create("mongodb://" + stack.endpoint(ServerKind.MONGODB))) {
            List<String> bodies = new ArrayList<>();
            client.getDatabase(stack.mongoDatabase()).getCollection("messages")
                    .find(Filters.eq("conversation", conversation)).sort(Sorts.ascending("seq"))
                    .forEach((Document d) -> bodies.add(d.getString("body")));
            return bodies;
        }
    }
}
