package io.gmq.im.logic.client;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.gmq.im.common.CometChannels;
import io.gmq.im.common.ImException;
import io.gmq.im.common.InternalSecretClientInterceptor;
import io.gmq.im.common.TransportFailure;
import io.gmq.im.logic.config.LogicConfig;
import io.gmq.proto.im.comet.v1.KickRequest;
import io.gmq.proto.im.comet.v1.MembershipRequest;

/**
 * Logic's calls to a comet (membership changes, kicks) with a deadline; a call whose connection broke before the
 * comet answered is tried again (both are idempotent), any other failure is an {@link ImException}.
 */
@ApplicationScoped
public class CometClient {

    private final CometChannels channels;
    private final long timeoutMillis;

    public CometClient(InternalSecretClientInterceptor secret, LogicConfig config) {
        this.channels = new CometChannels(secret);
        this.timeoutMillis = config.cometCallTimeout().toMillis();
    }

    /** Returns the number of the user's local sessions the comet updated. */
    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public int membership(String address, MembershipRequest request) {
        try {
            return channels.comet(address, timeoutMillis).membership(request).getSessions();
        } catch (RuntimeException e) {
            throw ImException.from(e);
        }
    }

    /** Returns the number of connections the comet closed. */
    @Retry(retryOn = TransportFailure.class, maxRetries = 2, delay = 50, jitter = 25)
    public int kick(String address, KickRequest request) {
        try {
            return channels.comet(address, timeoutMillis).kick(request).getClosed();
        } catch (RuntimeException e) {
            throw ImException.from(e);
        }
    }

    @PreDestroy
    void close() {
        channels.close();
    }
}
