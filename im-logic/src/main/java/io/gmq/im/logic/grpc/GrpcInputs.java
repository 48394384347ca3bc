package io.gmq.im.logic.grpc;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;
import io.gmq.im.logic.rest.ImExceptionMapper;
import io.gmq.im.logic.rest.ImId;
import io.gmq.im.logic.rest.MessageResource;
import io.gmq.proto.im.v1.Kind;

/**
 * The gRPC inputs checked by the same Bean Validation constraints as the HTTP API's DTOs (protobuf classes carry no
 * annotations): a violation is INVALID_ARGUMENT with code 1004 in the {@code x-gmq-im-code} trailer.
 */
@ApplicationScoped
public class GrpcInputs {

    private final Validator validator;

    public GrpcInputs(Validator validator) {
        this.validator = validator;
    }

    /** A room id a user joins or leaves. */
    public String room(String room) {
        check(new RoomRef(room));
        return room;
    }

    /** The fields of a send (proto strings are empty, not null, when absent). */
    public void send(String cid, Kind kind, String room, String group, List<String> to, String body) {
        check(new MessageResource.Outgoing(cid, kind.name(), orNull(room), orNull(group), to, body));
    }

    private void check(Object input) {
        Set<ConstraintViolation<Object>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new ImException(ImCode.INVALID, ImExceptionMapper.describe(new ConstraintViolationException(violations)));
        }
    }

    private static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }

    record RoomRef(@NotNull @ImId String room) {
    }
}
