package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The body of a GET, streamed: a read failure (a reset connection, a read timeout) becomes a
 * retriable {@link TierStoreException}, and closing before the end aborts the connection instead of
 * reading the rest.
 */
final class S3ObjectInputStream extends InputStream {

    private final ResponseInputStream<?> in;
    private final String location;
    private boolean ended;

    S3ObjectInputStream(ResponseInputStream<?> in, String location) {
        this.in = in;
        this.location = location;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = in.read(b, off, len);
            if (n < 0) {
                ended = true;
            }
            return n;
        } catch (IOException e) {
            throw new TierStoreException(
                    "S3 GET " + location + " failed while reading: " + e, e, true);
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            in.abort(); // the rest may be gigabytes: drop the connection rather than drain it
        }
        in.close();
    }
}
