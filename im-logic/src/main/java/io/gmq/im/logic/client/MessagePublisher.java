package io.gmq.im.logic.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.proto.im.v1.Message;
import io.smallrye.common.annotation.Identifier;

/**
 * Produces accepted messages to Kafka, keyed by conversation so each conversation stays on one partition and in
 * order; idempotent with acks=all, and a send returns only once Kafka has acknowledged every record.
 */
@ApplicationScoped
public class MessagePublisher {

    private static final Logger LOG = Logger.getLogger(MessagePublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long timeoutMillis;

    public MessagePublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, LogicConfig config) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.produceTimeout().toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(config.produceTimeout().toMillis(), 2000));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(config.produceTimeout().toMillis(), 2000));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "im-logic");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = config.messagesTopic();
        this.timeoutMillis = config.produceTimeout().toMillis();
    }

    /** Produces every copy and waits for all acknowledgements; a failure is UNAVAILABLE (nothing was promised). */
    public void publish(List<Message> copies) {
        List<Future<RecordMetadata>> pending = new ArrayList<>(copies.size());
        try {
            for (Message copy : copies) {
                pending.add(producer.send(new ProducerRecord<>(topic, copy.getConversation(), copy.toByteArray())));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            for (Future<RecordMetadata> future : pending) {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImException(ImCode.UNAVAILABLE, "interrupted while producing");
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warnf("GMQ-LGC-010 producing %d record(s) to %s failed: %s", copies.size(), topic, cause.toString());
            throw new ImException(ImCode.UNAVAILABLE, "Kafka did not acknowledge the message; retry with the same cid");
        }
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
