package dev.archiver.connectors.verify;

import dev.archiver.connectors.BulkInputStream;
import dev.archiver.connectors.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes and counts every byte read through it, so a check reads each object exactly once. */
final class CountingDigestInputStream extends FilterInputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private long count;

    CountingDigestInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
        }
        return n;
    }

    /** Skipping would leave bytes unhashed, so skip reads. */
    @Override
    public long skip(long n) throws IOException {
        return BulkInputStream.skipByReading(this, n);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads to the end, so count and hash cover the whole object. */
    void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // only hashing
        }
    }

    long count() {
        return count;
    }

    /** The hash of everything read so far; call once, at the end. */
    String sha256() {
        return Sha256.hex(digest.digest());
    }
}
