package io.gmq.servers;

/**
 * A server could not be installed, started or reached; the message names the server, its address and what to do.
 */
public class ServerException extends RuntimeException {

    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
