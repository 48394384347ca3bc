package io.gmq.gateway.comments;

import jakarta.enterprise.context.ApplicationScoped;

import io.gmq.gateway.module.RunningModules;

/**
 * The comments modules that are running, for the gRPC CommentService to route to.
 */
@ApplicationScoped
public class CommentModules extends RunningModules<CommentsModule> {
}
