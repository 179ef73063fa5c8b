package dev.archiver.connectors.restore;

import dev.archiver.connectors.paths.FileIdentity;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The on-disk form of a {@link RestoreJournal}: a header line, then one record per line, {@code
 * <op> <name> [<identity>]\n}, op one of {@code created}, {@code replaced}, {@code removed},
 * identity a {@link FileIdentity#token()} of what was put there. The name is the path relative to
 * the target ("." for the target itself), its UTF-8 bytes percent-escaped except printable ASCII
 * other than '%' and space, so a line is printable ASCII whatever the name holds (newlines
 * included) and survives editors and tools that trim or convert whitespace.
 *
 * <p>Each record is written with one write(2), straight to the OS: a process crash loses at most
 * the record being written, which is left as a line without its newline. Reading drops such a torn
 * tail, and cuts it off the file, since the next record appended would otherwise be glued to it. No
 * fsync: a machine crash may lose more, which is no worse than the files themselves, whose renames
 * are not fsynced either.
 */
final class JournalFile implements AutoCloseable {

    static final String HEADER = "archiver-restore-journal 2";

    /**
     * Version 1 had no identities: its entries are never removed on expiry, since they cannot be
     * told apart.
     */
    static final String HEADER_V1 = "archiver-restore-journal 1";

    enum Op {
        CREATED("created"),
        REPLACED("replaced"),
        REMOVED("removed");

        private final String word;

        Op(String word) {
            this.word = word;
        }
    }

    /**
     * {@code name} is relative, '/'-separated, "" for the target itself: an {@link
     * EntryName#relative()}. {@code identity} is what was put there, null for removals and version
     * 1 records.
     */
    record Line(Op op, String name, FileIdentity identity) {}

    private final FileChannel channel;

    private JournalFile(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens (or creates) {@code file}, locked against a second restore appending to it at the same
     * time (a task that migrated while its old owner still runs), and returns it with the records
     * an earlier attempt left.
     */
    static JournalFile open(Path file, List<Line> earlier) throws IOException {
        FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        try {
            lock(file, channel);
            long complete = read(file, channel, earlier);
            channel.truncate(complete);
            channel.position(complete);
            JournalFile journal = new JournalFile(channel);
            if (complete == 0) {
                journal.write(HEADER + "\n");
            }
            return journal;
        } catch (IOException | RuntimeException | Error e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    void append(Line line) throws IOException {
        String identity = line.identity() == null ? "" : " " + line.identity().token();
        write(line.op().word + " " + encode(line.name()) + identity + "\n");
    }

    @Override
    public void close() throws IOException {
        channel.close(); // releases the lock
    }

    /**
     * The name as it stands in a line: printable ASCII without space or newline, and never empty.
     */
    static String encode(String name) {
        if (name.isEmpty()) {
            return ".";
        }
        StringBuilder out = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            if (b > ' ' && b < 0x7f && b != '%') {
                out.append((char) b);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Strict: anything {@link #encode} would not have written is refused, and the name must be one
     * a restore could have written (relative, no ".."), so an edited or foreign file cannot name a
     * path outside the target.
     */
    static String decode(String text) throws IOException {
        if (text.isEmpty()) {
            throw new IOException("empty journal name");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%'
                    && i + 2 < text.length()
                    && hex(text.charAt(i + 1)) >= 0
                    && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) << 4 | hex(text.charAt(i + 2)));
                i += 2;
            } else if (c > ' ' && c < 0x7f && c != '%') {
                bytes.write(c);
            } else {
                throw new IOException(
                        "invalid character at " + i + " of journal name '" + text + "'");
            }
        }
        String raw;
        try {
            raw =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes.toByteArray()))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("journal name '" + text + "' is not UTF-8", e);
        }
        if (raw.indexOf('\0') >= 0) {
            throw new IOException("journal name '" + text + "' holds NUL");
        }
        try {
            return EntryName.parse(raw).relative();
        } catch (UnsafeEntryException e) {
            throw new IOException("journal name '" + text + "' is not a path below the target", e);
        }
    }

    private static int hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ? Character.digit(c, 16) : -1;
    }

    private static void lock(Path file, FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        }
        if (lock == null) {
            throw new IOException("restore journal " + file + " is in use by another restore");
        }
    }

    /**
     * Adds the records to {@code lines}; returns the length of the file up to its last complete
     * line.
     */
    private static long read(Path file, FileChannel channel, List<Line> lines) throws IOException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(0)));
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long complete = 0;
        long position = 0;
        int number = 0;
        for (int b; (b = in.read()) >= 0; ) {
            position++;
            if (b != '\n') {
                line.write(b);
                continue;
            }
            number++;
            String text =
                    line.toString(
                            StandardCharsets.ISO_8859_1); // any byte maps; parse refuses non-ASCII
            if (number == 1) {
                if (!text.equals(HEADER) && !text.equals(HEADER_V1)) {
                    throw new IOException(
                            file
                                    + " is not a restore journal (first line is not '"
                                    + HEADER
                                    + "')");
                }
            } else {
                lines.add(parse(file, number, text));
            }
            line.reset();
            complete = position;
        }
        if (complete == 0 && !HEADER.startsWith(line.toString(StandardCharsets.ISO_8859_1))) {
            // Not a torn header but some other file: cutting it off would destroy it.
            throw new IOException(file + " is not a restore journal");
        }
        return complete;
    }

    private static Line parse(Path file, int number, String text) throws IOException {
        int space = text.indexOf(' ');
        if (space > 0) {
            String word = text.substring(0, space);
            for (Op op : Op.values()) {
                if (op.word.equals(word)) {
                    try {
                        String[] fields = text.substring(space + 1).split(" ", -1);
                        if (fields.length > 2) {
                            throw new IOException("more fields than name and identity");
                        }
                        FileIdentity identity =
                                fields.length == 2 ? FileIdentity.parse(fields[1]) : null;
                        return new Line(op, decode(fields[0]), identity);
                    } catch (IOException | IllegalArgumentException e) {
                        throw new IOException(
                                "line "
                                        + number
                                        + " of restore journal "
                                        + file
                                        + ": "
                                        + e.getMessage(),
                                e);
                    }
                }
            }
        }
        throw new IOException(
                "line " + number + " of restore journal " + file + " is not a record: " + text);
    }

    private void write(String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
