package io.gmq.gateway.modules.imbridge;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One entry of the IM bridge's {@code routes} key: device messages on bus topics matching {@code topics} go to
 * {@code room}.
 */
// Bound by Jackson from the module declaration: a native image needs it registered.
@RegisterForReflection
public record RouteSettings(List<String> topics, String room) {
}
