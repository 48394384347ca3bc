package io.gmq.gateway.web;

import java.util.Comparator;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.ModuleRuntime;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The gateway's status page (role admin), rendered with Qute from templates/StatusPageResource/status.html.
 */
@Path("/status")
@RolesAllowed("admin")
public class StatusPageResource {

    /** One row of the page. */
    public record Row(String name, String type, String state, String reason, int queueDepth, long handled, long failed) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance status(List<Row> modules);
    }

    private final MessageBus bus;

    public StatusPageResource(MessageBus bus) {
        this.bus = bus;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        List<Row> rows = bus.modules().stream().sorted(Comparator.comparing(ModuleRuntime::name))
                .map(m -> new Row(m.name(), m.declaration().type().name().toLowerCase(), m.state().name(), m.reason(),
                        m.queue().depth(), m.handled(), m.failed()))
                .toList();
        return Templates.status(rows);
    }
}
