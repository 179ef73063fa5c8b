package dev.archiver.connectors;

import java.io.IOException;
import java.io.InputStream;

/** An InputStream whose subclasses only read in bulk; the single-byte read is derived from it. */
public abstract class BulkInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Skips by reading, so a stream that counts, hashes or verifies what passes through sees every
     * byte.
     */
    @Override
    public long skip(long n) throws IOException {
        return skipByReading(this, n);
    }

    /**
     * Reads and discards up to {@code n} bytes of {@code in}; for streams that must not skip
     * unseen.
     */
    public static long skipByReading(InputStream in, long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 64 * 1024)];
        long skipped = 0;
        while (skipped < n) {
            int r = in.read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }
}
