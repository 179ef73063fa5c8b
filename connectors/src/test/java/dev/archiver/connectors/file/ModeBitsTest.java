package dev.archiver.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ModeBitsTest {

    @Test
    void shouldGiveEachPermissionItsOwnBitInLsOrder() {
        // "ls -l" order is the octal order: the i-th letter of "rwxrwxrwx" is bit 0400 >> i.
        String letters = "rwxrwxrwx";
        for (int i = 0; i < letters.length(); i++) {
            String only = "-".repeat(i) + letters.charAt(i) + "-".repeat(letters.length() - i - 1);
            PosixFilePermission permission =
                    PosixFilePermissions.fromString(only).iterator().next();
            assertThat(ModeBits.of(permission)).as(only).isEqualTo(0400 >> i);
        }
    }
}
