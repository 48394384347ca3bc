package io.gmq.im.it;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One running IM stack for every test class of the run (started on first use, stopped when the run ends).
 */
public class SharedStack implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ImStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent("im-stack", k -> {
            try {
                ImStack stack = new ImStack(Path.of("target/im-it/stack"));
                stack.start();
                return stack;
            } catch (Exception e) {
                throw new IllegalStateException(
                        "the IM stack did not start (logs under target/im-it/stack): " + e.getMessage(), e);
            }
        }, ImStack.class);
    }
}
