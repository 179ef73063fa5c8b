package dev.archiver.connectors.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes the header blocks of one entry as POSIX pax/ustar: a ustar header, preceded by a pax
 * extended header when a field does not fit ustar (names over 100 bytes or non-ASCII, long or
 * non-ASCII link targets, sizes of 8 GiB and more, mtimes outside 0..8^11-1). Everything that would
 * vary between machines is fixed (uid/gid 0, empty uname/gname, mtimes from the plan), so the same
 * plan always encodes to the same bytes.
 */
final class TarHeaders {

    static final int BLOCK = 512;

    /** Two zero blocks end a tar archive. */
    static final int END_OF_ARCHIVE = 2 * BLOCK;

    private static final long MAX_OCTAL_11 = 077777777777L;
    private static final int NAME_LENGTH = 100;
    private static final int PAX_MODE = 0644;
    // The name of a pax header block is ignored by readers; a fixed one keeps the stream
    // deterministic.
    private static final String PAX_HEADER_NAME = "././@PaxHeader";

    private TarHeaders() {}

    /** All header bytes of {@code entry}: a whole number of blocks, content follows directly. */
    static byte[] encode(TarEntry entry) {
        String name = entry.type() == EntryType.DIRECTORY ? entry.path() + "/" : entry.path();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes =
                entry.linkTarget() == null
                        ? new byte[0]
                        : entry.linkTarget().getBytes(StandardCharsets.UTF_8);

        ByteArrayOutputStream pax = new ByteArrayOutputStream();
        boolean paxName = !fitsUstar(nameBytes);
        boolean paxLink = !fitsUstar(linkBytes);
        boolean paxSize = entry.size() > MAX_OCTAL_11;
        boolean paxMtime = entry.mtime() < 0 || entry.mtime() > MAX_OCTAL_11;
        if (paxLink) {
            paxRecord(pax, "linkpath", entry.linkTarget());
        }
        if (paxMtime) {
            paxRecord(pax, "mtime", Long.toString(entry.mtime()));
        }
        if (paxName) {
            paxRecord(pax, "path", name);
        }
        if (paxSize) {
            paxRecord(pax, "size", Long.toString(entry.size()));
        }

        long headerMtime = paxMtime ? 0 : entry.mtime();
        byte[] ustar =
                ustar(
                        paxName ? asciiFallback(nameBytes) : nameBytes,
                        typeflag(entry.type()),
                        paxSize ? 0 : entry.size(),
                        entry.mode(),
                        headerMtime,
                        paxLink ? asciiFallback(linkBytes) : linkBytes);
        if (pax.size() == 0) {
            return ustar;
        }
        byte[] paxData = pax.toByteArray();
        byte[] paxHeader =
                ustar(
                        PAX_HEADER_NAME.getBytes(StandardCharsets.US_ASCII),
                        'x',
                        paxData.length,
                        PAX_MODE,
                        headerMtime,
                        new byte[0]);
        byte[] all = new byte[BLOCK + (int) padded(paxData.length) + BLOCK];
        System.arraycopy(paxHeader, 0, all, 0, BLOCK);
        System.arraycopy(paxData, 0, all, BLOCK, paxData.length);
        System.arraycopy(ustar, 0, all, all.length - BLOCK, BLOCK);
        return all;
    }

    /** {@code length} rounded up to a whole number of blocks. */
    static long padded(long length) {
        return (length + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean fitsUstar(byte[] text) {
        if (text.length > NAME_LENGTH) {
            return false;
        }
        for (byte b : text) {
            if (b < 0x20 || b > 0x7e) { // non-ASCII (negative as signed byte) or control characters
                return false;
            }
        }
        return true;
    }

    /** What pax-unaware readers see instead of the real name: ASCII, truncated. */
    private static byte[] asciiFallback(byte[] text) {
        byte[] out = Arrays.copyOf(text, Math.min(text.length, NAME_LENGTH));
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0x20 || out[i] > 0x7e) {
                out[i] = '_';
            }
        }
        return out;
    }

    /**
     * A pax record is "LEN key=value\n" where LEN counts the whole record, its own digits included.
     */
    private static void paxRecord(ByteArrayOutputStream out, String key, String value) {
        byte[] body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
        int length = body.length + Integer.toString(body.length).length();
        if (Integer.toString(length).length() > Integer.toString(body.length).length()) {
            length++; // adding the digits crossed a power of ten, e.g. 98 + 2 -> 100 needs 3 digits
        }
        out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
    }

    private static char typeflag(EntryType type) {
        return switch (type) {
            case FILE -> '0';
            case SYMLINK -> '2';
            case DIRECTORY -> '5';
        };
    }

    private static byte[] ustar(
            byte[] name, char typeflag, long size, int mode, long mtime, byte[] linkName) {
        byte[] h = new byte[BLOCK];
        System.arraycopy(name, 0, h, 0, name.length);
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0); // uid
        octal(h, 116, 8, 0); // gid
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        Arrays.fill(h, 148, 156, (byte) ' '); // checksum counts as spaces while summing
        h[156] = (byte) typeflag;
        System.arraycopy(linkName, 0, h, 157, linkName.length);
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        // uname (265) and gname (297) stay empty: owners are not archived.
        octal(h, 329, 8, 0); // devmajor
        octal(h, 337, 8, 0); // devminor
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum); // six digits and a NUL; the eighth byte stays a space
        return h;
    }

    /** Zero-padded octal of {@code length - 1} digits followed by NUL. */
    private static void octal(byte[] h, int at, int length, long value) {
        String digits = Long.toOctalString(value);
        if (value < 0 || digits.length() > length - 1) {
            throw new IllegalArgumentException(
                    "value " + value + " does not fit a " + length + "-byte field");
        }
        int pad = length - 1 - digits.length();
        for (int i = 0; i < pad; i++) {
            h[at + i] = '0';
        }
        for (int i = 0; i < digits.length(); i++) {
            h[at + pad + i] = (byte) digits.charAt(i);
        }
        h[at + length - 1] = 0;
    }
}
