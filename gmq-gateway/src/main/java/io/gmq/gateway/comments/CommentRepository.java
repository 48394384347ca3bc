package io.gmq.gateway.comments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.gmq.proto.comment.v1.Comment;

/**
 * Comments in table {@code gmq_comments} of one datasource (PostgreSQL, MariaDB or H2), indexed for "newest comments
 * of a target".
 */
final class CommentRepository {

    /** One page of comments and the total for the target. */
    record Page(List<Comment> comments, long total) {
    }

    private static final String COLUMNS = "id, type, target_id, parent_id, author_id, content, created_at";

    private final DataSource dataSource;

    CommentRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void createSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            ddl.execute("CREATE TABLE IF NOT EXISTS gmq_comments ("
                    + (postgres ? "id BIGSERIAL PRIMARY KEY" : "id BIGINT AUTO_INCREMENT PRIMARY KEY")
                    + ", type VARCHAR(32) NOT NULL, target_id BIGINT NOT NULL, parent_id BIGINT NOT NULL"
                    + ", author_id VARCHAR(128) NOT NULL, content VARCHAR(4096) NOT NULL, client_id VARCHAR(64)"
                    + ", created_at BIGINT NOT NULL)");
            ddl.execute("CREATE INDEX IF NOT EXISTS gmq_comments_target ON gmq_comments (type, target_id, id)");
        }
    }

    Comment insert(Comment comment, String clientId) throws SQLException {
        String sql = "INSERT INTO gmq_comments (type, target_id, parent_id, author_id, content, client_id, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, comment.getType());
            insert.setLong(2, comment.getTargetId());
            insert.setLong(3, comment.getParentId());
            insert.setString(4, comment.getAuthorId());
            insert.setString(5, comment.getContent());
            insert.setString(6, clientId);
            insert.setLong(7, comment.getCreatedAt());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return comment.toBuilder().setId(keys.getLong(1)).build();
            }
        }
    }

    boolean exists(long id, String type, long targetId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection
                        .prepareStatement("SELECT 1 FROM gmq_comments WHERE id = ? AND type = ? AND target_id = ?")) {
            query.setLong(1, id);
            query.setString(2, type);
            query.setLong(3, targetId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    Page page(String type, long targetId, int pageSize, int page) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = connection
                    .prepareStatement("SELECT COUNT(*) FROM gmq_comments WHERE type = ? AND target_id = ?")) {
                count.setString(1, type);
                count.setLong(2, targetId);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<Comment> comments = new ArrayList<>(pageSize);
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM gmq_comments"
                    + " WHERE type = ? AND target_id = ? ORDER BY id DESC LIMIT ? OFFSET ?")) {
                query.setString(1, type);
                query.setLong(2, targetId);
                query.setInt(3, pageSize);
                query.setLong(4, (long) page * pageSize);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        comments.add(Comment.newBuilder().setId(rs.getLong(1)).setType(rs.getString(2))
                                .setTargetId(rs.getLong(3)).setParentId(rs.getLong(4)).setAuthorId(rs.getString(5))
                                .setContent(rs.getString(6)).setCreatedAt(rs.getLong(7)).build());
                    }
                }
            }
            return new Page(comments, total);
        }
    }
}
