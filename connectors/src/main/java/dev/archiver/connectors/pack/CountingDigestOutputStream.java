package dev.archiver.connectors.pack;

import dev.archiver.connectors.Sha256;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Hashes and counts the bytes on their way to the store, so the stored object is never read back.
 */
final class CountingDigestOutputStream extends FilterOutputStream {

    private final MessageDigest digest = Sha256.newDigest();
    private long count;

    CountingDigestOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count += len;
    }

    long count() {
        return count;
    }

    String sha256() {
        return Sha256.hex(digest.digest());
    }
}
