package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object on its way into S3, as the stream a writer writes to. Memory is one buffer of
 * max(threshold, part size) bytes. An object of at most the threshold goes up in one PutObject when
 * the writer is done, with its SHA-256 as {@code x-amz-checksum-sha256} (S3 checks it) and as
 * {@code x-amz-meta-sha256}. A longer one goes up as a multipart upload as the buffer fills, each
 * part with its {@code x-amz-checksum-sha256}; S3 shows the object only once the upload is
 * completed. Metadata can only be given when an upload starts, before the full SHA-256 is known, so
 * a multipart object carries a random {@code x-amz-meta-sha256-ref} instead, and the SHA-256 is
 * written after completion to a small side object {@code <prefix>.sha256/<key>} holding that
 * reference and the hash: a side object left from an earlier version of the key never matches the
 * current reference. Whatever fails, {@link #abort} leaves no upload open.
 */
final class S3ObjectUpload extends OutputStream {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectUpload.class);

    /**
     * The metadata entry (x-amz-meta-sha256) holding the full object's SHA-256 in lowercase hex.
     */
    static final String SHA256_METADATA = "sha256";

    /**
     * The metadata entry (x-amz-meta-sha256-ref) of a multipart object naming its SHA-256 side
     * object's version.
     */
    static final String SHA256_REF_METADATA = "sha256-ref";

    /** S3's limit on parts per upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final String objectKey;
    private final String sidecarKey;
    private final String location;
    private final StorageClass storageClass;
    private final long threshold;
    private final int partSize;
    private final byte[] buffer;
    private final MessageDigest digest = Sha256.newDigest();

    private int buffered;
    private long total;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final String ref = UUID.randomUUID().toString();
    private boolean completed;
    private boolean finished;

    S3ObjectUpload(
            S3Client s3,
            String bucket,
            String objectKey,
            String sidecarKey,
            String location,
            S3TierSettings settings) {
        this.s3 = s3;
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.sidecarKey = sidecarKey;
        this.location = location;
        this.storageClass = settings.storageClass().sdk();
        this.threshold = settings.multipartThreshold();
        this.partSize = Math.toIntExact(settings.partSize());
        this.buffer = new byte[Math.toIntExact(settings.uploadBuffer())];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("the upload of " + location + " is finished");
        }
        digest.update(b, off, len);
        total += len;
        while (len > 0) {
            if (buffered == buffer.length) {
                // More is coming and the buffer holds at least the threshold: this is a multipart
                // upload.
                uploadFullParts();
            }
            int n = Math.min(len, buffer.length - buffered);
            System.arraycopy(b, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /** Writers may close the stream; the store finishes the upload after the writer returned. */
    @Override
    public void close() {
        // nothing: see finish()
    }

    /** Publishes the object under its key; returns its SHA-256. */
    String finish() throws IOException {
        finished = true;
        String sha256 = Sha256.hex(digest.digest());
        if (uploadId == null && total <= threshold) {
            putSingle(sha256);
            return sha256;
        }
        while (buffered > 0) {
            uploadPart(Math.min(buffered, partSize));
        }
        complete();
        writeSidecar(sha256);
        return sha256;
    }

    /** Aborts an open multipart upload, so neither an object nor billed parts stay behind. */
    void abort(Throwable failure) {
        finished = true;
        if (uploadId == null || completed) {
            return;
        }
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(uploadId));
        } catch (SdkException e) {
            // Reported with the failure; abortStaleUploads removes what is left.
            failure.addSuppressed(e);
        }
    }

    long total() {
        return total;
    }

    private void putSingle(String sha256) throws IOException {
        int length = buffered;
        try {
            s3.putObject(
                    r ->
                            r.bucket(bucket)
                                    .key(objectKey)
                                    .storageClass(storageClass)
                                    .contentLength((long) length)
                                    .contentType("application/octet-stream")
                                    .checksumSHA256(base64(sha256))
                                    .metadata(Map.of(SHA256_METADATA, sha256)),
                    body(0, length));
        } catch (SdkException e) {
            throw S3Errors.translate("PUT " + location, null, e);
        }
    }

    private void uploadFullParts() throws IOException {
        int start = 0;
        while (buffered - start >= partSize) {
            uploadPartAt(start, partSize);
            start += partSize;
        }
        System.arraycopy(buffer, start, buffer, 0, buffered - start);
        buffered -= start;
    }

    private void uploadPart(int length) throws IOException {
        uploadPartAt(0, length);
        System.arraycopy(buffer, length, buffer, 0, buffered - length);
        buffered -= length;
    }

    private void uploadPartAt(int offset, int length) throws IOException {
        if (uploadId == null) {
            try {
                uploadId =
                        s3.createMultipartUpload(
                                        r ->
                                                r.bucket(bucket)
                                                        .key(objectKey)
                                                        .storageClass(storageClass)
                                                        .contentType("application/octet-stream")
                                                        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                                                        .metadata(Map.of(SHA256_REF_METADATA, ref)))
                                .uploadId();
            } catch (SdkException e) {
                throw S3Errors.translate("multipart upload to " + location, null, e);
            }
        }
        int number = parts.size() + 1;
        if (number > MAX_PARTS) {
            throw new TierStoreException(
                    "object "
                            + location
                            + " needs more than "
                            + MAX_PARTS
                            + " parts of "
                            + partSize
                            + " bytes: raise the part size",
                    false);
        }
        MessageDigest partDigest = Sha256.newDigest();
        partDigest.update(buffer, offset, length);
        String checksum = Base64.getEncoder().encodeToString(partDigest.digest());
        UploadPartResponse response;
        try {
            response =
                    s3.uploadPart(
                            r ->
                                    r.bucket(bucket)
                                            .key(objectKey)
                                            .uploadId(uploadId)
                                            .partNumber(number)
                                            .contentLength((long) length)
                                            .checksumSHA256(checksum),
                            body(offset, length));
        } catch (SdkException e) {
            throw S3Errors.translate("part " + number + " of " + location, null, e);
        }
        parts.add(
                CompletedPart.builder()
                        .partNumber(number)
                        .eTag(response.eTag())
                        .checksumSHA256(checksum)
                        .build());
    }

    private void complete() throws IOException {
        try {
            s3.completeMultipartUpload(
                    r ->
                            r.bucket(bucket)
                                    .key(objectKey)
                                    .uploadId(uploadId)
                                    .multipartUpload(u -> u.parts(parts)));
        } catch (SdkException e) {
            throw S3Errors.translate("completing the multipart upload of " + location, null, e);
        }
        completed = true;
    }

    /**
     * The object is published; without its side object it only lacks a recorded SHA-256 (stat
     * reports none), so a failure here is logged, not thrown: throwing would report a put as failed
     * whose object is in place.
     */
    private void writeSidecar(String sha256) {
        try {
            s3.putObject(
                    r -> r.bucket(bucket).key(sidecarKey).contentType("text/plain"),
                    RequestBody.fromString(Sidecar.format(ref, sha256), StandardCharsets.UTF_8));
        } catch (SdkException e) {
            LOG.warn(
                    "{} is stored, but its SHA-256 could not be recorded: {}",
                    location,
                    e.toString());
        }
    }

    private RequestBody body(int offset, int length) {
        // No copy of the buffer: the SDK reads it through a fresh stream on each attempt.
        return RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(buffer, offset, length),
                length,
                "application/octet-stream");
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
    }
}
