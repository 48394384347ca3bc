package io.gmq.servers.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.gmq.servers.ServerKind;

/**
 * Marks a {@code ManagedServer} field of a test that receives the server a {@link ServerTestResource} manages, so
 * the test can stop and restart it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectServer {

    /** Which server: the resource of that kind injects it. */
    ServerKind value();

    /** The {@code name} init arg of the resource, for a second server of the same kind (default: the usual one). */
    String name() default "";
}
