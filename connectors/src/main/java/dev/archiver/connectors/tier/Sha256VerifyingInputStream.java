package dev.archiver.connectors.tier;

import dev.archiver.connectors.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes an object's bytes through and, when the end is reached, compares their SHA-256 with the
 * one recorded at write time: a mismatch throws {@link TierChecksumMismatchException} instead of
 * reporting the end. A reader that closes before the end gets no check. Skipping reads (and hashes)
 * the skipped bytes.
 */
public final class Sha256VerifyingInputStream extends FilterInputStream {

    private final String key;
    private final String expected;
    private final MessageDigest digest = Sha256.newDigest();
    private boolean checked;
    private TierChecksumMismatchException mismatch;

    public Sha256VerifyingInputStream(InputStream in, String key, String expectedHex) {
        super(in);
        this.key = key;
        this.expected = expectedHex;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
        } else if (n < 0) {
            checkAtEnd();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: a reset would hash bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void checkAtEnd() throws TierChecksumMismatchException {
        if (!checked) {
            checked = true;
            String actual = Sha256.hex(digest.digest());
            if (!actual.equals(expected)) {
                mismatch = new TierChecksumMismatchException(key, expected, actual);
            }
        }
        if (mismatch != null) { // every later read at the end says so too
            throw mismatch;
        }
    }
}
