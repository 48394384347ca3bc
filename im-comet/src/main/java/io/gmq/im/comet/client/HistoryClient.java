package io.gmq.im.comet.client;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.gmq.im.comet.config.CometConfig;
import io.gmq.im.common.ImException;
import io.gmq.im.common.TransportFailure;
import io.gmq.proto.im.push.v1.AckRequest;
import io.gmq.proto.im.push.v1.FetchReply;
import io.gmq.proto.im.push.v1.FetchRequest;
import io.gmq.proto.im.push.v1.HistoryGrpc;
import io.quarkus.grpc.GrpcClient;

/**
 * Calls to the push tier's history (recovery, acknowledgements) with a deadline; failures become
 * {@link ImException}s.
 */
@ApplicationScoped
public class HistoryClient {

    private final HistoryGrpc.HistoryBlockingStub history;
    private final long timeoutMillis;

    public HistoryClient(@GrpcClient("push") HistoryGrpc.HistoryBlockingStub history, CometConfig config) {
        this.history = history;
        this.timeoutMillis = config.callTimeout().toMillis();
    }

    /** Waits for the channel within the deadline: a push that just restarted is reached, not refused at once. */
    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public FetchReply fetch(String user, String conversation, long afterSeq, int limit) {
        try {
            return history.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS).withWaitForReady()
                    .fetch(FetchRequest.newBuilder()
                            .setUser(user).setConversation(conversation).setAfterSeq(afterSeq).setLimit(limit).build());
        } catch (RuntimeException e) {
            throw ImException.from(e);
        }
    }

    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public long ack(String user, long seq) {
        try {
            return history.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                    .ack(AckRequest.newBuilder().setUser(user).setSeq(seq).build()).getAcked();
        } catch (RuntimeException e) {
            throw ImException.from(e);
        }
    }
}
