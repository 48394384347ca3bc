package io.gmq.im.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import io.grpc.Metadata;

/**
 * The internal-call secret as gRPC metadata: attaching it to outgoing calls and checking it on incoming ones.
 */
public final class InternalSecret {

    public static final Metadata.Key<String> HEADER = Metadata.Key.of("x-gmq-internal-secret",
            Metadata.ASCII_STRING_MARSHALLER);

    private InternalSecret() {
    }

    /** Constant-time comparison, so the time taken does not tell how much of a guess was right. */
    public static boolean matches(String expected, String presented) {
        if (expected == null || expected.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
