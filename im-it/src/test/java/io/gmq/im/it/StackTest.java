package io.gmq.im.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the IM end-to-end tests: the shared running stack and an admin session on logic's API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedStack.class)
abstract class StackTest {

    ImStack stack;
    ImApi api;

    @BeforeAll
    void connect(ImStack shared) throws Exception {
        stack = shared;
        api = new ImApi(stack);
    }
}
