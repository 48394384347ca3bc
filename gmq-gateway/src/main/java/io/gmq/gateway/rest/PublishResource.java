package io.gmq.gateway.rest;

import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.PublishResult;
import io.smallrye.common.annotation.Blocking;

/**
 * HTTP publish (role {@code publisher} or {@code admin}): the request body becomes the payload of one message on
 * {@code topic}; headers named {@code X-GMQ-<name>} become message headers. The source is {@code http:<user>}.
 */
@Path("/api/v1/publish")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ "publisher", "admin" })
@Blocking
public class PublishResource {

    private final MessageBus bus;

    public PublishResource(MessageBus bus) {
        this.bus = bus;
    }

    @POST
    public Response publish(@QueryParam("topic") String topic, byte[] body, @Context HttpHeaders httpHeaders,
            @Context SecurityContext security) {
        if (topic == null || topic.isBlank() || topic.contains("+") || topic.contains("#") || topic.length() > 512) {
            return GatewayError.INVALID_TOPIC.response("query parameter 'topic' must be a topic name without wildcards");
        }
        Map<String, String> headers = new HashMap<>();
        httpHeaders.getRequestHeaders().forEach((name, values) -> {
            if (name.regionMatches(true, 0, "X-GMQ-", 0, 6) && !values.isEmpty()) {
                headers.put(name.substring(6).toLowerCase(), values.get(0));
            }
        });
        PublishResult result = bus.publish(Envelope.of(topic, "http:" + security.getUserPrincipal().getName(), headers, body));
        if (!result.fullyDelivered()) {
            return GatewayError.QUEUE_FULL.response("queue full (or its disk unwritable) for module(s) " + result.rejectedBy()
                    + "; the message reached " + result.delivered() + " other(s)");
        }
        return Response.accepted(Map.of("id", result.id(), "delivered", result.delivered())).build();
    }
}
