package io.gmq.gateway.comments;

import java.sql.SQLException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.gmq.proto.comment.v1.Comment;
import io.gmq.proto.comment.v1.CommentServiceGrpc;
import io.gmq.proto.comment.v1.GetCommentsRequest;
import io.gmq.proto.comment.v1.GetCommentsResponse;
import io.gmq.proto.comment.v1.PutCommentRequest;
import io.gmq.proto.comment.v1.PutCommentResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;

/**
 * gRPC CommentService (also reachable as gRPC-Web through Envoy). Callers must present a bearer JWT; the author of a new
 * comment is the caller's token subject, whatever the request says. Bad input answers INVALID_ARGUMENT with a
 * description; a comments module that is not running answers UNAVAILABLE.
 */
@GrpcService
@RegisterInterceptor(ModuleSelectorInterceptor.class)
public class CommentGrpcService extends CommentServiceGrpc.CommentServiceImplBase {

    private static final Logger LOG = Logger.getLogger(CommentGrpcService.class);
    private static final int DEFAULT_PAGE_SIZE = 20;

    private final CommentModules modules;
    private final SecurityIdentity identity;
    private final String defaultModule;

    public CommentGrpcService(CommentModules modules, SecurityIdentity identity,
            @ConfigProperty(name = "gmq.gateway.comments.module", defaultValue = "comments") String defaultModule) {
        this.modules = modules;
        this.identity = identity;
        this.defaultModule = defaultModule;
    }

    @Override
    @Blocking
    public void getComments(GetCommentsRequest request, StreamObserver<GetCommentsResponse> response) {
        CommentsModule module = module();
        String type = validType(module, request.getType());
        long target = validTarget(request.getTargetId());
        int pageSize = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
        if (pageSize < 1 || pageSize > module.maxPageSize()) {
            throw invalid("page_size must be between 1 and " + module.maxPageSize());
        }
        if (request.getPage() < 0) {
            throw invalid("page must be 0 or more");
        }
        try {
            CommentRepository.Page page = module.repository().page(type, target, pageSize, request.getPage());
            response.onNext(GetCommentsResponse.newBuilder().addAllComments(page.comments()).setPageSize(pageSize)
                    .setPage(request.getPage()).setTotal(page.total())
                    .setTotalPages((int) ((page.total() + pageSize - 1) / pageSize)).build());
            response.onCompleted();
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    @Override
    @Blocking
    public void putComment(PutCommentRequest request, StreamObserver<PutCommentResponse> response) {
        CommentsModule module = module();
        String type = validType(module, request.getType());
        long target = validTarget(request.getTargetId());
        String content = request.getContent().strip();
        if (content.isEmpty() || content.length() > module.maxContentLength()) {
            throw invalid("content must have 1 to " + module.maxContentLength() + " characters");
        }
        if (request.getClientId().length() > 64) {
            throw invalid("client_id must have at most 64 characters");
        }
        try {
            if (request.getParentId() < 0 || request.getParentId() > 0
                    && !module.repository().exists(request.getParentId(), type, target)) {
                throw invalid("parent_id " + request.getParentId() + " is not a comment on this target");
            }
            Comment stored = module.repository().insert(Comment.newBuilder().setType(type).setTargetId(target)
                    .setParentId(request.getParentId()).setAuthorId(author()).setContent(content)
                    .setCreatedAt(System.currentTimeMillis()).build(), request.getClientId());
            module.announce(stored);
            response.onNext(PutCommentResponse.newBuilder().setComment(stored).build());
            response.onCompleted();
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    /**
     * Only a bearer JWT authenticates: the HTTP Basic users (admin, publisher) are for the gateway's HTTP APIs and are
     * not comment authors. Others get UNAUTHENTICATED (Quarkus' own @Authenticated would answer PERMISSION_DENIED).
     */
    private CommentsModule module() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken)) {
            throw Status.UNAUTHENTICATED.withDescription("a bearer token is required").asRuntimeException();
        }
        String name = ModuleSelectorInterceptor.MODULE.get();
        name = name == null || name.isBlank() ? defaultModule : name;
        CommentsModule module = modules.get(name);
        if (module == null) {
            throw Status.UNAVAILABLE.withDescription("comments module '" + name + "' is not running").asRuntimeException();
        }
        return module;
    }

    /** The token's subject, or its name claim when it has no subject. */
    private String author() {
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        return jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
    }

    private static String validType(CommentsModule module, String type) {
        if (!module.types().contains(type)) {
            throw invalid("type must be one of " + module.types() + ", was '" + type + "'");
        }
        return type;
    }

    private static long validTarget(long target) {
        if (target <= 0) {
            throw invalid("target_id must be positive");
        }
        return target;
    }

    private static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    private static StatusRuntimeException storageFailure(SQLException e) {
        LOG.errorf("GMQ-CMT-001 comment storage failed: %s", e.getMessage());
        return Status.UNAVAILABLE.withDescription("comment storage unavailable").asRuntimeException();
    }
}
