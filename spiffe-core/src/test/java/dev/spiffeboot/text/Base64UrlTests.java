package dev.spiffeboot.text;

import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Base64UrlTests {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void decodesWhatTheJdkEncodesForEveryLength() {
        Random random = new Random(7);
        for (int length = 0; length < 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            assertThat(Base64Url.decode(encoded)).as("length %d", length).isEqualTo(bytes);
            assertThat(Base64Url.encode(bytes)).isEqualTo(encoded);
        }
    }

    @Test
    void acceptsExactlyOneSpellingOfEachByteString() {
        // every string of up to three alphabet characters: accepted exactly when it is how its bytes are encoded
        int accepted = 0;
        for (int length = 1; length <= 3; length++) {
            int count = (int) Math.pow(64, length);
            for (int n = 0; n < count; n++) {
                StringBuilder value = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= 64) {
                    value.append(ALPHABET.charAt(rest % 64));
                }
                String spelling = value.toString();
                byte[] decoded;
                try {
                    decoded = Base64Url.decode(spelling);
                }
                catch (IllegalArgumentException ex) {
                    continue;
                }
                accepted++;
                assertThat(Base64Url.encode(decoded)).isEqualTo(spelling);
            }
        }
        // the byte strings of length 1 and 2: 256 + 65536
        assertThat(accepted).isEqualTo(256 + 65536);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "QQ==   | character \"=\" at position 2: padding is not allowed",
        "QUI=   | character \"=\" at position 3: padding is not allowed",
        "QUJD== | character \"=\" at position 4: padding is not allowed",
        "+w     | character \"+\" at position 0: standard base64 alphabet; base64url uses \"-\" and \"_\"",
        "QU/A   | character \"/\" at position 2: standard base64 alphabet",
        "'QU A' | character \" \" at position 2: not in the base64url alphabet",
        "QUJ    | character \"J\" at position 2 has unused bits set: a non-canonical spelling of the same bytes",
        "QR     | character \"R\" at position 1 has unused bits set",
        "QUJDR  | length 5 is not a base64url length",
        "Q      | length 1 is not a base64url length",
    })
    void refusesEveryOtherSpelling(String value, String problem) {
        assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.decode(value)).withMessageStartingWith(problem);
    }

    @Test
    void refusesControlAndNonAsciiCharactersWithoutEchoingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.decode("QU\nB"))
            .withMessage("character \"\\u000a\" at position 2: not in the base64url alphabet (A-Z a-z 0-9 - _)");
        assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.decode("QU\u00e9B"))
            .withMessageStartingWith("character \"\\u00e9\" at position 2");
    }

    @Test
    void checksARangeAndCountsPositionsFromItsStart() {
        String token = "abc.QUJD.def";
        assertThat(Base64Url.decode(token, 4, 8)).containsExactly('A', 'B', 'C');
        assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.check("abc.QU=D.def", 4, 8))
            .withMessageStartingWith("character \"=\" at position 2");
        assertThat(Base64Url.decode(token, 3, 3)).isEmpty();
    }
}
