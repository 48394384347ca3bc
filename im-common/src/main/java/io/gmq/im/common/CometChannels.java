package io.gmq.im.common;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.gmq.proto.im.comet.v1.CometGrpc;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

/**
 * One pooled gRPC channel per comet address (comets come and go at run time, so they are not static Quarkus
 * clients); every call carries the internal secret.
 */
public class CometChannels implements AutoCloseable {

    private static final long SUSPECT_DEADLINE_MILLIS = 300;

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();
    private final ClientInterceptor secret;

    public CometChannels(ClientInterceptor secret) {
        this.secret = secret;
    }

    /** A stub to the comet at host:port. */
    public CometGrpc.CometBlockingStub comet(String address, long timeoutMillis) {
        return CometGrpc.newBlockingStub(channel(address)).withWaitForReady()
                .withDeadlineAfter(deadline(address, timeoutMillis), TimeUnit.MILLISECONDS);
    }

    /**
     * An async stub that waits for the connection (a comet restarted at the same address is reached as soon as it
     * listens, not after the channel's reconnect backoff), with a short deadline while the comet is suspect.
     */
    public CometGrpc.CometFutureStub cometAsync(String address, long timeoutMillis) {
        return CometGrpc.newFutureStub(channel(address)).withWaitForReady()
                .withDeadlineAfter(deadline(address, timeoutMillis), TimeUnit.MILLISECONDS);
    }

    /** A call to this comet failed: reconnect at once on the next call, and wait less for it until it answers. */
    public void failed(String address) {
        suspects.add(address);
        ManagedChannel channel = channels.get(address);
        if (channel != null) {
            channel.resetConnectBackoff();
        }
    }

    public void succeeded(String address) {
        suspects.remove(address);
    }

    private long deadline(String address, long timeoutMillis) {
        return suspects.contains(address) ? Math.min(SUSPECT_DEADLINE_MILLIS, timeoutMillis) : timeoutMillis;
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address,
                a -> ManagedChannelBuilder.forTarget(a).usePlaintext().intercept(secret).build());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
