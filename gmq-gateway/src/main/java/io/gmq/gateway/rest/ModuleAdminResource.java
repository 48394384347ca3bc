package io.gmq.gateway.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.gmq.gateway.bus.MessageBus;
import io.gmq.gateway.module.ModuleRuntime;
import io.gmq.gateway.module.ModuleState;
import io.smallrye.common.annotation.Blocking;

/**
 * Admin API (role {@code admin}): list modules with state, queue depth and counters; start, stop, restart one; clear
 * its queue; set its log level.
 */
@Path("/admin/modules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class ModuleAdminResource {

    private static final Logger LOG = Logger.getLogger(ModuleAdminResource.class);

    private final MessageBus bus;

    public ModuleAdminResource(MessageBus bus) {
        this.bus = bus;
    }

    @GET
    public List<ModuleView> list() {
        return bus.modules().stream().sorted(Comparator.comparing(ModuleRuntime::name)).map(ModuleView::of).toList();
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        ModuleRuntime module = bus.module(name);
        return module == null ? notFound(name) : Response.ok(ModuleView.of(module)).build();
    }

    @POST
    @Path("{name}/start")
    public Response start(@PathParam("name") String name) {
        return act(name, ModuleRuntime::start);
    }

    @POST
    @Path("{name}/stop")
    public Response stop(@PathParam("name") String name) {
        return act(name, ModuleRuntime::stop);
    }

    @POST
    @Path("{name}/restart")
    public Response restart(@PathParam("name") String name) {
        return act(name, m -> m.restart(m.declaration()));
    }

    /** Drops every queued message of the module (counted as dropped in the answer, logged). */
    @POST
    @Path("{name}/clear")
    public Response clear(@PathParam("name") String name) {
        ModuleRuntime module = bus.module(name);
        if (module == null) {
            return notFound(name);
        }
        int cleared = module.queue().drain().size();
        LOG.infof("GMQ-MOD-020 module %s: queue cleared by admin (%d messages dropped)", name, cleared);
        return Response.ok(Map.of("module", name, "cleared", cleared)).build();
    }

    /**
     * Sets the log level of the module's category {@code io.gmq.module.<name>} at run time (ERROR, WARN, INFO, DEBUG,
     * TRACE; the build keeps DEBUG and above). Startup levels: quarkus.log.category."io.gmq.module.<name>".level.
     */
    @PUT
    @Path("{name}/log-level")
    @Consumes(MediaType.TEXT_PLAIN)
    public Response logLevel(@PathParam("name") String name, String level) {
        if (bus.module(name) == null) {
            return notFound(name);
        }
        java.util.logging.Level parsed;
        try {
            parsed = org.jboss.logmanager.Level.parse(level.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            return GatewayError.INVALID_LOG_LEVEL.response("'" + level.strip() + "' is not ERROR, WARN, INFO, DEBUG or TRACE");
        }
        java.util.logging.Logger.getLogger("io.gmq.module." + name).setLevel(parsed);
        LOG.infof("GMQ-MOD-021 module %s: log level set to %s by admin", name, parsed.getName());
        return Response.ok(Map.of("module", name, "category", "io.gmq.module." + name, "level", parsed.getName())).build();
    }

    private Response act(String name, Consumer<ModuleRuntime> action) {
        ModuleRuntime module = bus.module(name);
        if (module == null) {
            return notFound(name);
        }
        if (module.state() == ModuleState.DISABLED) {
            return GatewayError.MODULE_DISABLED.response("module " + name + " is declared with enabled: false");
        }
        action.accept(module);
        return Response.ok(ModuleView.of(module)).build();
    }

    private static Response notFound(String name) {
        return GatewayError.MODULE_NOT_FOUND.response("no module named '" + name + "'");
    }
}
