package io.gmq.im.comet.client;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.gmq.im.comet.config.CometConfig;
import io.gmq.im.common.ImException;
import io.gmq.im.common.TransportFailure;
import io.gmq.proto.im.logic.v1.ConnectReply;
import io.gmq.proto.im.logic.v1.ConnectRequest;
import io.gmq.proto.im.logic.v1.DisconnectRequest;
import io.gmq.proto.im.logic.v1.LogicGrpc;
import io.gmq.proto.im.logic.v1.RenewReply;
import io.gmq.proto.im.logic.v1.RenewRequest;
import io.gmq.proto.im.logic.v1.RoomReply;
import io.gmq.proto.im.logic.v1.RoomRequest;
import io.gmq.proto.im.logic.v1.SendReply;
import io.gmq.proto.im.logic.v1.SendRequest;
import io.quarkus.grpc.GrpcClient;

/**
 * Calls to the logic tier with a deadline; every failure becomes an {@link ImException} with a catalogue code, and
 * a call whose connection broke before logic answered is tried again (every Logic call is idempotent).
 */
@ApplicationScoped
public class LogicClient {

    private final LogicGrpc.LogicBlockingStub logic;
    private final long timeoutMillis;

    public LogicClient(@GrpcClient("logic") LogicGrpc.LogicBlockingStub logic, CometConfig config) {
        this.logic = logic;
        this.timeoutMillis = config.callTimeout().toMillis();
    }

    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public ConnectReply connect(ConnectRequest request) {
        return call(stub -> stub.connect(request));
    }

    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public void disconnect(DisconnectRequest request) {
        call(stub -> stub.disconnect(request));
    }

    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public RenewReply renew(RenewRequest request) {
        return call(stub -> stub.renew(request));
    }

    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public RoomReply join(String user, String room) {
        return call(stub -> stub.join(RoomRequest.newBuilder().setUser(user).setRoom(room).build()));
    }

    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public RoomReply leave(String user, String room) {
        return call(stub -> stub.leave(RoomRequest.newBuilder().setUser(user).setRoom(room).build()));
    }

    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public SendReply send(SendRequest request) {
        return call(stub -> stub.send(request));
    }

    private <T> T call(Function<LogicGrpc.LogicBlockingStub, T> call) {
        try {
            return call.apply(logic.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            throw ImException.from(e);
        }
    }
}
