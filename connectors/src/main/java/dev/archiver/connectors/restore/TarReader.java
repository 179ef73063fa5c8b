package dev.archiver.connectors.restore;

import dev.archiver.connectors.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the headers and contents of a POSIX (ustar + pax) or GNU tar stream, as written by
 * TarHeaders, GNU tar or commons-compress. Names are reported exactly as stored: commons-compress's
 * reader strips a leading '/' from pax and GNU long names and reports hard links and devices as
 * files, which would hide precisely what a safe restore has to refuse. Sparse files and
 * multi-volume archives are not supported (reported as their type).
 */
final class TarReader {

    enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        /** Anything a restore refuses: hard links, devices, FIFOs, unknown types. */
        OTHER
    }

    /**
     * One entry; {@code name} and {@code linkName} are raw, including a trailing '/' on
     * directories.
     */
    record Header(String name, byte type, long size, int mode, long mtime, String linkName) {

        Kind kind() {
            return switch (type) {
                case '0', 0, '7' ->
                        name.endsWith("/")
                                ? Kind.DIRECTORY
                                : Kind.FILE; // old tars mark dirs by '/'
                case '5' -> Kind.DIRECTORY;
                case '2' -> Kind.SYMLINK;
                default -> Kind.OTHER;
            };
        }

        String typeDescription() {
            return switch (type) {
                case '1' -> "hard link to '" + linkName + "'";
                case '3' -> "character device";
                case '4' -> "block device";
                case '6' -> "FIFO";
                case 'S' -> "GNU sparse file";
                default -> "entry type '" + (char) type + "'";
            };
        }
    }

    private static final int BLOCK = 512;
    private static final int MAX_META_BYTES =
            1 << 20; // a pax or long-name header larger than this is hostile

    private final InputStream in;
    private final byte[] block = new byte[BLOCK];
    private final InputStream content = new EntryContent();
    private long remaining; // content bytes of the current entry not read yet
    private long padding; // zero bytes that follow them up to the next block
    private boolean ended;

    TarReader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /**
     * The next entry, skipping whatever is left of the current one; null at the end-of-archive
     * marker.
     */
    Header next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        if (ended) {
            return null;
        }
        Map<String, String> pax = Map.of();
        String longName = null;
        String longLink = null;
        while (true) {
            if (!readBlock()) {
                throw new IOException("tar stream ended without its end-of-archive marker");
            }
            if (isZero(block)) {
                ended = true; // what follows (a second zero block, record padding) is the caller's
                // to drain
                return null;
            }
            verifyChecksum();
            byte type = block[156];
            long size = numeric(124, 12);
            switch (type) {
                case 'x' -> pax = parsePax(readMeta(size));
                case 'g' ->
                        readMeta(size); // global defaults (comments, charset): nothing a restore
                // applies
                case 'L' -> longName = cString(readMeta(size), 0, (int) size);
                case 'K' -> longLink = cString(readMeta(size), 0, (int) size);
                default -> {
                    return entry(type, size, pax, longName, longLink);
                }
            }
        }
    }

    /** The current entry's content; ends after {@code size} bytes. */
    InputStream content() {
        return content;
    }

    private Header entry(
            byte type, long size, Map<String, String> pax, String longName, String longLink)
            throws IOException {
        String name = cString(block, 0, 100);
        boolean posix = isPosixMagic(); // GNU headers use the prefix field for other data
        String prefix = posix ? cString(block, 345, 155) : "";
        if (!prefix.isEmpty()) {
            name = prefix + "/" + name;
        }
        String linkName = cString(block, 157, 100);
        long mtime = numeric(136, 12);
        int mode = (int) (numeric(100, 8) & 07777);
        name = longName != null ? longName : name;
        linkName = longLink != null ? longLink : linkName;
        name = pax.getOrDefault("path", name);
        linkName = pax.getOrDefault("linkpath", linkName);
        try {
            if (pax.containsKey("size")) {
                size = Long.parseLong(pax.get("size"));
            }
            if (pax.containsKey(
                    "mtime")) { // decimal seconds, may have a fraction: keep whole seconds
                mtime =
                        new BigDecimal(pax.get("mtime"))
                                .setScale(0, RoundingMode.FLOOR)
                                .longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IOException("invalid pax size or mtime for '" + name + "'", e);
        }
        if (size < 0) {
            throw new IOException("negative size for '" + name + "'");
        }
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
        return new Header(name, type, size, mode, mtime, linkName);
    }

    private byte[] readMeta(long size) throws IOException {
        if (size < 0 || size > MAX_META_BYTES) {
            throw new IOException(
                    "tar extended header of " + size + " bytes (limit " + MAX_META_BYTES + ")");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new IOException("tar stream ended inside an extended header");
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    /** Records of the form "LEN key=value\n", LEN counting the whole record. */
    private static Map<String, String> parsePax(byte[] data) throws IOException {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] >= '0' && data[space] <= '9') {
                space++;
            }
            int length;
            try {
                length =
                        Integer.parseInt(
                                new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("malformed pax record at byte " + pos, e);
            }
            int end = pos + length;
            if (space == pos
                    || space >= data.length
                    || data[space] != ' '
                    || end > data.length
                    || end <= space
                    || data[end - 1] != '\n') {
                throw new IOException("malformed pax record at byte " + pos);
            }
            String record = utf8(data, space + 1, end - 1 - (space + 1));
            int equals = record.indexOf('=');
            if (equals <= 0) {
                throw new IOException("malformed pax record: " + record);
            }
            records.put(record.substring(0, equals), record.substring(equals + 1));
            pos = end;
        }
        return records;
    }

    private void verifyChecksum() throws IOException {
        long stored = numeric(148, 8);
        long unsigned = 0;
        long signed = 0; // some historical tars summed signed bytes
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : block[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException(
                    "tar header checksum mismatch (not a tar stream, or a damaged one)");
        }
    }

    /** An octal field, or GNU base-256 (high bit set) for values octal cannot hold. */
    private long numeric(int offset, int length) throws IOException {
        if ((block[offset] & 0x80) != 0) {
            boolean negative = block[offset] == (byte) 0xff;
            long value = negative ? -1 : block[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++) {
                if (!negative && value > (Long.MAX_VALUE >>> 8)) {
                    throw new IOException("tar numeric field overflows");
                }
                value = (value << 8) | (block[i] & 0xff);
            }
            return value;
        }
        long value = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && (block[i] == ' ' || block[i] == 0)) {
            i++;
        }
        for (; i < end && block[i] != ' ' && block[i] != 0; i++) {
            if (block[i] < '0' || block[i] > '7') {
                throw new IOException("invalid octal digit in tar header");
            }
            value = value * 8 + (block[i] - '0');
        }
        return value;
    }

    private static String cString(byte[] bytes, int offset, int length) throws IOException {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return utf8(bytes, offset, end - offset);
    }

    /**
     * Strict: a name that is not valid UTF-8 is refused rather than restored under a mangled name.
     */
    private static String utf8(byte[] bytes, int offset, int length) throws IOException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IOException("tar header text is not valid UTF-8", e);
        }
    }

    private boolean readBlock() throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new IOException("tar stream ended inside a header block");
        }
        return true;
    }

    private boolean isPosixMagic() {
        byte[] magic = {'u', 's', 't', 'a', 'r', 0};
        for (int i = 0; i < magic.length; i++) {
            if (block[257 + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads and discards: the source verifies what it delivers, so nothing may be skipped unread.
     */
    private void skip(long count) throws IOException {
        byte[] scratch = new byte[(int) Math.min(Math.max(count, 1), 64 * 1024)];
        for (long left = count; left > 0; ) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                throw new IOException("tar stream ended inside an entry");
            }
            left -= n;
        }
    }

    private final class EntryContent extends BulkInputStream {

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (remaining == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new IOException("tar stream ended inside an entry");
            }
            remaining -= n;
            return n;
        }
    }
}
