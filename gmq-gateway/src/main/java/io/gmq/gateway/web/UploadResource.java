package io.gmq.gateway.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.gmq.common.id.Ids;
import io.gmq.gateway.config.GatewayConfig;
import io.gmq.gateway.rest.GatewayError;
import io.smallrye.common.annotation.Blocking;

/**
 * Uploads (role publisher or admin): multipart field {@code file}, at most {@code gmq.gateway.web.max-upload-bytes},
 * stored as {@code <upload-dir>/<yyyy>/<MM>/
 *
<dd>/<id>.<ext>}: the name is generated, only a short alphanumeric
 * extension is kept from the client's, so no client-chosen path reaches the file system.
 */
@Path("/api/v1/uploads")
@RolesAllowed({ "publisher", "admin" })
@Blocking
public class UploadResource {

    private static final Logger LOG = Logger.getLogger(UploadResource.class);
    private static final Pattern EXTENSION = Pattern.compile("\\.([A-Za-z0-9]{1,10})$");

    private final java.nio.file.Path root;
    private final long maxBytes;

    public UploadResource(GatewayConfig config) {
        this.root = java.nio.file.Path.of(config.web().uploadDir().orElse(config.dataDir() + "/uploads"));
        this.maxBytes = config.web().maxUploadBytes();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@RestForm("file") FileUpload file) {
        if (file == null) {
            return GatewayError.INVALID_UPLOAD.response("multipart field 'file' is missing");
        }
        long size = file.size();
        if (size > maxBytes) {
            return GatewayError.UPLOAD_TOO_LARGE.response("the file has " + size + " bytes; the limit is " + maxBytes);
        }
        Matcher extension = EXTENSION.matcher(file.fileName() == null ? "" : file.fileName());
        String name = Ids.next() + (extension.find() ? "." + extension.group(1).toLowerCase(Locale.ROOT) : "");
        LocalDate today = LocalDate.now();
        String relative = String.format("%04d/%02d/%02d/%s", today.getYear(), today.getMonthValue(), today.getDayOfMonth(),
                name);
        java.nio.file.Path target = root.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Files.move(file.uploadedFile(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.errorf("GMQ-WEB-001 cannot store an upload in %s: %s", target.getParent(), e.getMessage());
            return GatewayError.STORAGE_UNAVAILABLE.response("the upload could not be stored");
        }
        return Response.status(Response.Status.CREATED)
                .entity(Map.of("path", relative, "size", size, "contentType", String.valueOf(file.contentType())))
                .build();
    }
}
