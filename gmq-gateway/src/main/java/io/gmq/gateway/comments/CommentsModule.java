package io.gmq.gateway.comments;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.Dependent;

import io.gmq.gateway.bus.Envelope;
import io.gmq.gateway.module.GmqModule;
import io.gmq.gateway.module.ModuleContext;
import io.gmq.gateway.module.ModuleImpl;
import io.gmq.proto.comment.v1.Comment;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The comments module: owns the comment table on its datasource and serves the gRPC CommentService while it runs
 * (see {@link CommentGrpcService}). Each new comment is also published to {@code comments/<type>/<target>} when the
 * module's publish list allows it.
 */
@Dependent
@ModuleImpl("comments")
public class CommentsModule implements GmqModule<CommentsModule.Settings> {

    /**
     * @param datasource named datasource ("" = default) @param types allowed comment types (default resource, group)
     * @param maxPageSize largest page (default 100) @param maxContentLength longest comment in characters (4096)
     */
    // Bound by Jackson from the module declaration: a native image needs it registered.
    @RegisterForReflection
    public record Settings(String datasource, List<String> types, Integer maxPageSize, Integer maxContentLength) {
    }

    private final CommentModules registry;
    private ModuleContext context;
    private CommentRepository repository;
    private List<String> types;
    private int maxPageSize;
    private int maxContentLength;

    public CommentsModule(CommentModules registry) {
        this.registry = registry;
    }

    @Override
    public Class<Settings> configType() {
        return Settings.class;
    }

    @Override
    public void start(Settings config, ModuleContext context) throws SQLException {
        this.context = context;
        this.types = config.types() == null || config.types().isEmpty() ? List.of("resource", "group") : config.types();
        this.maxPageSize = config.maxPageSize() == null ? 100 : config.maxPageSize();
        this.maxContentLength = config.maxContentLength() == null ? 4096 : Math.min(config.maxContentLength(), 4096);
        this.repository = new CommentRepository(context.dataSource(config.datasource() == null ? "" : config.datasource()));
        repository.createSchema();
        registry.register(context.name(), this);
    }

    @Override
    public void handle(Envelope message) {
        context.log().debugf("comments module %s ignores message %s on %s", context.name(), message.id(), message.topic());
    }

    @Override
    public void stop() {
        registry.unregister(context.name(), this);
    }

    List<String> types() {
        return types;
    }

    int maxPageSize() {
        return maxPageSize;
    }

    int maxContentLength() {
        return maxContentLength;
    }

    CommentRepository repository() {
        return repository;
    }

    void announce(Comment comment) {
        String topic = "comments/" + comment.getType() + "/" + comment.getTargetId();
        try {
            context.publish(topic, comment.getContent().getBytes(StandardCharsets.UTF_8),
                    Map.of("comment-id", String.valueOf(comment.getId()), "author", comment.getAuthorId()));
        } catch (IllegalArgumentException notDeclared) {
            // Announcing is optional: only when the module's publish list includes comments/#.
        }
    }
}
