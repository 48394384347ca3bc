package io.gmq.gateway.modules.imbridge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Telling repeats from late messages when a recovered gap arrives after newer live messages.
 */
class SeqWindowTest {

    @Test
    void aGapFilledLateIsNotTakenForRepeatsAndTheWatermarkOnlyCoversWhatArrived() {
        SeqWindow window = new SeqWindow(10);
        assertThat(window.seen(10)).isTrue();
        window.processed(13);
        window.processed(14);
        assertThat(window.watermark()).isEqualTo(10);
        assertThat(window.seen(11)).isFalse();
        assertThat(window.seen(13)).isTrue();
        window.processed(11);
        window.processed(12);
        assertThat(window.watermark()).isEqualTo(14);
        assertThat(window.seen(12)).isTrue();
        assertThat(window.seen(15)).isFalse();
    }

    @Test
    void anUnknownStartBeginsAtTheFirstMessageSeen() {
        SeqWindow window = new SeqWindow(-1);
        assertThat(window.seen(500)).isFalse();
        window.processed(500);
        assertThat(window.watermark()).isEqualTo(500);
        assertThat(window.seen(499)).isTrue();
    }

    @Test
    void anIncompleteRecoveryGivesUpTheGapAndCountsIt() {
        SeqWindow window = new SeqWindow(10);
        window.processed(20);
        window.processed(21);
        assertThat(window.giveUpGap()).isEqualTo(9);
        assertThat(window.watermark()).isEqualTo(21);

        SeqWindow nothingYet = new SeqWindow(10);
        assertThat(nothingYet.giveUpGap()).isZero();
        assertThat(nothingYet.processed(30)).isEqualTo(19);
        assertThat(nothingYet.watermark()).isEqualTo(30);
    }

    @Test
    void earlySeqsAreBoundedAndTheOldestGapIsGivenUp() {
        SeqWindow window = new SeqWindow(0);
        long givenUp = 0;
        for (long seq = 2; seq <= SeqWindow.LIMIT + 2; seq++) {
            givenUp += window.processed(seq);
        }
        assertThat(givenUp).isEqualTo(1);
        assertThat(window.watermark()).isEqualTo(SeqWindow.LIMIT + 2);
    }
}
