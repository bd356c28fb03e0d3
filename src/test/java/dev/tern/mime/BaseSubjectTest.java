package dev.tern.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5256 §2.1: base subject extraction, one test per step and for the way the steps combine. */
class BaseSubjectTest {

    @Test
    void missingSubjectIsEmpty() {
        assertThat(BaseSubject.of(null)).isEmpty();
        assertThat(BaseSubject.of("   ")).isEmpty();
    }

    @Test
    void replyAndForwardMarkersAreRemovedInAnyCaseAndNumber() {
        assertThat(BaseSubject.of("Re: lunch")).isEqualTo("lunch");
        assertThat(BaseSubject.of("RE: re: Fwd: FW: lunch")).isEqualTo("lunch");
        assertThat(BaseSubject.of("Re:lunch")).isEqualTo("lunch");
        assertThat(BaseSubject.of("re : lunch")).isEqualTo("lunch");
    }

    @Test
    void markerMayCarryABlobBeforeTheColon() {
        assertThat(BaseSubject.of("Re[2]: lunch")).isEqualTo("lunch");
        assertThat(BaseSubject.of("Fwd [list]: lunch")).isEqualTo("lunch");
    }

    @Test
    void leadingBlobsGoWhenSomethingFollows() {
        assertThat(BaseSubject.of("[tern-dev] lunch")).isEqualTo("lunch");
        assertThat(BaseSubject.of("[tern-dev] Re: [tern-dev] Re: lunch")).isEqualTo("lunch");
        // (4): removing the blob would leave nothing, so it stays.
        assertThat(BaseSubject.of("[tern-dev]")).isEqualTo("[tern-dev]");
        assertThat(BaseSubject.of("Re: [tern-dev]")).isEqualTo("[tern-dev]");
    }

    @Test
    void blobsBeforeAMarkerAreRemovedWithIt() {
        assertThat(BaseSubject.of("[a][b] Re: lunch")).isEqualTo("lunch");
    }

    @Test
    void fwdTrailersAndTrailingSpaceAreRemoved() {
        assertThat(BaseSubject.of("lunch (fwd)")).isEqualTo("lunch");
        assertThat(BaseSubject.of("lunch (FWD) (fwd)  ")).isEqualTo("lunch");
    }

    @Test
    void forwardWrapperIsUnwrappedAndTheStepsRepeat() {
        assertThat(BaseSubject.of("[Fwd: Re: lunch]")).isEqualTo("lunch");
        assertThat(BaseSubject.of("Re: [fwd: [list] lunch (fwd)]")).isEqualTo("lunch");
    }

    @Test
    void whiteSpaceIsNormalisedAndInnerTextKept() {
        assertThat(BaseSubject.of("Re:\tlunch \r\n  at   noon")).isEqualTo("lunch at noon");
        assertThat(BaseSubject.of("lunch: re: noon")).isEqualTo("lunch: re: noon");
        assertThat(BaseSubject.of("Reply to all")).isEqualTo("Reply to all");
        assertThat(BaseSubject.of("[unclosed lunch")).isEqualTo("[unclosed lunch");
    }

    @Test
    void encodedWordsAreDecodedBeforeMarkersAreSeen() {
        assertThat(BaseSubject.of("=?UTF-8?Q?Re=3A_caf=C3=A9?=")).isEqualTo("café");
        assertThat(BaseSubject.of("Re: =?ISO-8859-1?Q?caf=E9?= (fwd)")).isEqualTo("café");
    }

    @Test
    void repliesAndForwardsAreToldApartFromOriginals() {
        assertThat(BaseSubject.isReplyOrForward("Re: lunch")).isTrue();
        assertThat(BaseSubject.isReplyOrForward("[list] Fwd: lunch")).isTrue();
        assertThat(BaseSubject.isReplyOrForward("lunch (fwd)")).isTrue();
        assertThat(BaseSubject.isReplyOrForward("[Fwd: lunch]")).isTrue();
        assertThat(BaseSubject.isReplyOrForward("  [list] lunch  ")).isFalse();
        assertThat(BaseSubject.isReplyOrForward("Reply to all")).isFalse();
        assertThat(BaseSubject.isReplyOrForward(null)).isFalse();
    }
}
