package io.gmq.im.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of logic while 2,000 messages are being sent by four senders: every send logic acknowledged is delivered
 * (once per seq, in each sender's order), and a send whose answer was lost is retried with its cid and not delivered
 * twice under two seqs.
 */
class ImLogicCrashIT extends StackTest {

    @Test
    void killMinus9OfLogicWhileSendingLosesNoAcknowledgedMessage() throws Exception {
        String receiver = stack.id("rcv14");
        String receiverToken = api.user(receiver);
        List<AckedLoad> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            senders.add(new AckedLoad(api, api.user(stack.id("snd14-" + s)), receiver, stack.id("k14-" + s)));
        }
        try (Receiver client = new Receiver(stack.ws("comet2"), receiverToken)) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> client.connects.get() == 1);
            List<CompletableFuture<Void>> sending = senders.stream().map(s -> s.start(500, 100)).toList();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> senders.getFirst().acked.size() >= 100);
            stack.kill9("logic");
            Thread.sleep(1000);
            stack.startService("logic");
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            try {
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> senders.stream().allMatch(s -> s.check(client.messages).lost().isEmpty()));
            } finally {
                senders.forEach(s -> System.out.println("kill -9 of logic during 4 x 500 sends: " + s.check(client.messages)
                        + ", receiver connections " + client.connects.get()));
            }
            for (AckedLoad sender : senders) {
                AckedLoad.Result result = sender.check(client.messages);
                assertThat(result.acked()).isEqualTo(500);
                assertThat(result.lost()).isEmpty();
                assertThat(result.conflicts()).isEmpty();
                assertThat(result.renumbered()).as("a retried send is the same message, not a second one").isZero();
                assertThat(result.reordered()).isZero();
            }
        }
    }
}
