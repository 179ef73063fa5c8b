package dev.archiver.connectors.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.archiver.connectors.paths.FileIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreJournalTest {

    /**
     * Everything a tar name may hold besides NUL and '/' as a separator, and what the encoding
     * itself uses.
     */
    private static final List<String> HOSTILE_NAMES =
            List.of(
                    "new\nline",
                    "dir\nwith newline/inside",
                    "carriage\rreturn",
                    "back\\slash\\",
                    "per%cent",
                    "%0A-already-escaped",
                    "%",
                    "sp ace",
                    " leading and trailing ",
                    "tab\there",
                    "created x",
                    "del\u007f",
                    "quotes\"'`",
                    "ünïcødé/файл.txt",
                    "日本語/ファイル",
                    "emoji-\uD83D\uDE00",
                    "\u0001\u001f");

    @TempDir Path temp;

    private Path target;
    private Path file;

    @BeforeEach
    void setUp() {
        target = temp.resolve("target");
        file = temp.resolve("restore.journal");
    }

    @Test
    void shouldReadBackWhatAnEarlierAttemptRecorded() throws Exception {
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            journal.created(target, null);
            journal.created(target.resolve("a"), null);
            journal.created(target.resolve("a/b.txt"), null);
            journal.replaced(target.resolve("c"), null);
            assertThat(journal.fromEarlierAttempt(target.resolve("a/b.txt")))
                    .as("this attempt's own")
                    .isFalse();
        }

        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            assertThat(journal.paths())
                    .containsExactly(
                            target,
                            target.resolve("a"),
                            target.resolve("a/b.txt"),
                            target.resolve("c"));
            assertThat(createdPaths(journal))
                    .containsExactly(target, target.resolve("a"), target.resolve("a/b.txt"));
            assertThat(journal.fromEarlierAttempt(target.resolve("a/b.txt"))).isTrue();
            assertThat(journal.fromEarlierAttempt(target.resolve("a/other"))).isFalse();
        }
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        JournalFile.HEADER,
                        "created .",
                        "created a",
                        "created a/b.txt",
                        "replaced c");
    }

    @Test
    void shouldDropATornLastRecordAndAppendOnAFreshLine() throws Exception {
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            journal.created(target.resolve("a"), null);
            journal.created(target.resolve("b"), null);
        }
        append("created half-writ"); // the process died inside this write

        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            assertThat(journal.paths()).containsExactly(target.resolve("a"), target.resolve("b"));
            journal.created(target.resolve("c"), null);
        }

        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            assertThat(journal.paths())
                    .containsExactly(target.resolve("a"), target.resolve("b"), target.resolve("c"));
        }
        assertThat(Files.readAllLines(file))
                .containsExactly(JournalFile.HEADER, "created a", "created b", "created c");
    }

    @Test
    void shouldStartOverAfterATornHeader() throws Exception {
        Files.writeString(file, JournalFile.HEADER.substring(0, 7));

        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            assertThat(journal.paths()).isEmpty();
            journal.created(target.resolve("a"), null);
        }

        assertThat(Files.readAllLines(file)).containsExactly(JournalFile.HEADER, "created a");
    }

    @Test
    void shouldForgetWhatARollbackRemoved() throws Exception {
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            journal.created(target.resolve("a"), null);
            journal.created(target.resolve("b"), null);
            journal.removed(List.of(target.resolve("a"), target.resolve("never-recorded")));
            assertThat(journal.paths()).containsExactly(target.resolve("b"));
        }

        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            assertThat(journal.paths()).containsExactly(target.resolve("b"));
            assertThat(journal.fromEarlierAttempt(target.resolve("a"))).isFalse();
        }
    }

    @Test
    void shouldKeepWhatWasThereBeforeTheRestoreWhenAPathIsRecordedAgain() throws Exception {
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            journal.created(target.resolve("new"), null);
            journal.replaced(target.resolve("theirs"), null);
        }
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            journal.replaced(
                    target.resolve("new"),
                    null); // a re-run replacing what the first attempt created
            journal.created(target.resolve("theirs"), null);
            assertThat(createdPaths(journal)).containsExactly(target.resolve("new"));
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    @Test
    void shouldRoundTripHostileNamesThroughTheEncoding() throws Exception {
        for (String name : HOSTILE_NAMES) {
            String encoded = JournalFile.encode(name);
            assertThat(encoded)
                    .as(name)
                    .isNotEmpty()
                    .doesNotContain(" ", "\n", "\r", "\t")
                    .matches("[\\x21-\\x7e]+");
            assertThat(JournalFile.decode(encoded)).as(encoded).isEqualTo(name);
        }
        assertThat(JournalFile.encode("")).isEqualTo(".");
        assertThat(JournalFile.decode(".")).isEmpty();
    }

    @Test
    void shouldRoundTripHostileNamesThroughTheFile() throws Exception {
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            for (String name : HOSTILE_NAMES) {
                journal.created(target.resolve(name), null);
            }
        }

        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            assertThat(journal.paths())
                    .containsExactlyElementsOf(
                            HOSTILE_NAMES.stream().map(target::resolve).toList());
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, StandardCharsets.US_ASCII).lines())
                .hasSize(1 + HOSTILE_NAMES.size());
        for (byte b : bytes) {
            assertThat(b == '\n' || (b >= ' ' && b < 0x7f)).as("printable ASCII: %d", b).isTrue();
        }
    }

    @Test
    void shouldRefuseRecordsNamingPathsOutsideTheTargetOrNotWrittenByIt() throws Exception {
        List<String> bad =
                List.of(
                        "created ../escape",
                        "created a/../../escape",
                        "created %2E%2E/escape", // ".." escaped is still ".."
                        "created /etc/passwd",
                        "created %2Fetc/passwd",
                        "created a%00b",
                        "created a%2",
                        "created a%zz",
                        "created a%2f", // only upper-case hex is written
                        "created a b",
                        "created ",
                        "created %C3", // not UTF-8
                        "deleted a",
                        "created");
        for (String line : bad) {
            Files.writeString(file, JournalFile.HEADER + "\ncreated fine\n" + line + "\n");

            assertThatThrownBy(() -> RestoreJournal.open(file, target))
                    .as(line)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("line 3");
        }
    }

    @Test
    void shouldRefuseAndKeepAFileThatIsNotAJournal() throws Exception {
        for (String content : List.of("some\nother file\n", "no newline at all")) {
            Files.writeString(file, content);

            assertThatThrownBy(() -> RestoreJournal.open(file, target))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not a restore journal");

            assertThat(file).hasContent(content);
        }
    }

    @Test
    void shouldRefuseASecondOpenWhileTheFirstIsOpen() throws Exception {
        try (RestoreJournal first = RestoreJournal.open(file, target)) {
            first.created(target.resolve("a"), null);

            assertThatThrownBy(() -> RestoreJournal.open(file, target))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("in use");
        }
        try (RestoreJournal again = RestoreJournal.open(file, target)) {
            assertThat(again.paths()).containsExactly(target.resolve("a"));
        }
    }

    @Test
    void shouldRefuseAJournalInsideTheTarget() {
        assertThatThrownBy(() -> RestoreJournal.open(target.resolve("restore.journal"), target))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseToRecordAPathOutsideTheTarget() throws Exception {
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            assertThatThrownBy(() -> journal.created(temp.resolve("elsewhere"), null))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.created(target.resolve("../elsewhere"), null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Files.readAllLines(file)).containsExactly(JournalFile.HEADER);
    }

    @Test
    void shouldKeepAnInMemoryJournalWithoutAnyFile() throws Exception {
        try (RestoreJournal journal = RestoreJournal.inMemory(target)) {
            journal.created(target.resolve("a"), null);
            journal.replaced(target.resolve("b"), null);

            assertThat(journal.paths()).containsExactly(target.resolve("a"), target.resolve("b"));
            assertThat(journal.fromEarlierAttempt(target.resolve("a"))).isFalse();
            assertThat(journal.root()).isEqualTo(target.toAbsolutePath().normalize());
        }
        assertThat(temp).isEmptyDirectory();
    }

    private void append(String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    private List<Path> createdPaths(RestoreJournal journal) {
        return journal.created().stream().map(entry -> target.resolve(entry.relative())).toList();
    }

    @Test
    void shouldKeepTheIdentityOfWhatWasPutThere() throws Exception {
        FileIdentity first =
                new FileIdentity("(dev=803,ino=12)", false, 5, 1_700_000_000_123_456_789L);
        FileIdentity second =
                new FileIdentity("(dev=803,ino=13)", false, 5, 1_700_000_000_123_456_789L);
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            journal.created(target.resolve("a"), first);
            journal.created(
                    target.resolve("dir"), new FileIdentity("(dev=803,ino=14)", true, 0, 0));
        }
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            journal.replaced(target.resolve("a"), second); // a re-run put another file there
            assertThat(journal.created())
                    .extracting(RestoreJournal.Entry::identity)
                    .containsExactly(second, new FileIdentity("(dev=803,ino=14)", true, 0, 0));
        }
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        JournalFile.HEADER,
                        "created a f|(dev=803,ino=12)|5|1700000000123456789",
                        "created dir d|(dev=803,ino=14)",
                        "created a f|(dev=803,ino=13)|5|1700000000123456789");
    }

    @Test
    void shouldReadAVersionOneJournalWithoutIdentities() throws Exception {
        Files.writeString(file, JournalFile.HEADER_V1 + "\ncreated a\n");
        try (RestoreJournal journal = RestoreJournal.open(file, target)) {
            assertThat(journal.created())
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.identity()).isNull());
        }
    }
}
