package io.gmq.im.logic.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cid's claim: a retry may take over an attempt that failed or died in flight, never one still in flight or done.
 */
class SendClaimTest {

    @Test
    void aClaimInFlightIsTakenOverOnlyOnceStale() {
        SendClaim pending = new SendClaim("id1", 1000, SendClaim.PENDING, 1000);
        assertThat(pending.takeable(5000, 7000)).isFalse();
        assertThat(pending.takeable(8001, 7000)).isTrue();
    }

    @Test
    void aFailedClaimIsTakenOverAtOnceWithItsIdAndTime() {
        SendClaim failed = SendClaim.parse(new SendClaim("id1", 1000, SendClaim.PENDING, 1000)
                .with(SendClaim.FAILED, 1200).value());
        assertThat(failed.takeable(1201, 7000)).isTrue();
        assertThat(failed.id()).isEqualTo("id1");
        assertThat(failed.ts()).isEqualTo(1000);
    }

    @Test
    void aDoneClaimIsNeverTakenOverAndReadsTheOldFormat() {
        SendClaim done = SendClaim.parse("id1|1000");
        assertThat(done.state()).isEqualTo(SendClaim.DONE);
        assertThat(done.takeable(Long.MAX_VALUE, 0)).isFalse();
        assertThat(SendClaim.parse(done.value())).isEqualTo(done);
    }
}
