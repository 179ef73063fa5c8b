package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.Sha256;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object on its way into S3, as the stream a writer writes to. Memory is one buffer of
 * max(threshold, part size) bytes. An object of at most the threshold goes up in one PutObject when
 * the writer is done. A longer one goes up in parts as the buffer fills, each with its {@code
 * x-amz-checksum-sha256}, to a staging key; once complete it is copied inside S3 to its key, with
 * its full SHA-256 as metadata (which S3 can only take when an object is created, and the hash is
 * known only at the end) and its storage class, and the staging object is deleted. So the key shows
 * the complete object or the previous one, never a part. Whatever fails, {@link #abort} leaves no
 * upload open and no staging object behind.
 */
final class S3ObjectUpload extends OutputStream {

    /**
     * The metadata entry (x-amz-meta-sha256) holding the full object's SHA-256 in lowercase hex.
     */
    static final String SHA256_METADATA = "sha256";

    /** S3's limit on parts per upload. */
    static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String bucket;
    private final String objectKey;
    private final String stagingKey;
    private final String location;
    private final StorageClass storageClass;
    private final long threshold;
    private final int partSize;
    private final long copyLimit;
    private final long copyPartSize;
    private final byte[] buffer;
    private final MessageDigest digest = Sha256.newDigest();

    private int buffered;
    private long total;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean stagingComplete;
    private boolean finished;

    S3ObjectUpload(
            S3Client s3,
            String bucket,
            String objectKey,
            String stagingKey,
            String location,
            S3TierSettings settings,
            long copyLimit,
            long copyPartSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.stagingKey = stagingKey;
        this.location = location;
        this.storageClass = settings.storageClass().sdk();
        this.threshold = settings.multipartThreshold();
        this.partSize = Math.toIntExact(settings.partSize());
        this.copyLimit = copyLimit;
        this.copyPartSize = copyPartSize;
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
        completeStaging();
        copyToKey(sha256);
        deleteStaging();
        return sha256;
    }

    /** Leaves nothing behind: aborts an open upload, deletes a completed staging object. */
    void abort(Throwable failure) {
        finished = true;
        try {
            if (uploadId != null && !stagingComplete) {
                String id = uploadId;
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(stagingKey).uploadId(id));
            }
            if (stagingComplete) {
                s3.deleteObject(r -> r.bucket(bucket).key(stagingKey));
            }
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
                                                        .key(stagingKey)
                                                        .storageClass(StorageClass.STANDARD)
                                                        .contentType("application/octet-stream")
                                                        .checksumAlgorithm(
                                                                ChecksumAlgorithm.SHA256))
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
                                            .key(stagingKey)
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

    private void completeStaging() throws IOException {
        try {
            s3.completeMultipartUpload(
                    r ->
                            r.bucket(bucket)
                                    .key(stagingKey)
                                    .uploadId(uploadId)
                                    .multipartUpload(u -> u.parts(parts)));
        } catch (SdkException e) {
            throw S3Errors.translate("completing the multipart upload of " + location, null, e);
        }
        stagingComplete = true;
    }

    /** A server-side copy: CopyObject up to S3's 5 GiB limit, a multipart copy beyond. */
    private void copyToKey(String sha256) throws IOException {
        Map<String, String> metadata = Map.of(SHA256_METADATA, sha256);
        if (total <= copyLimit) {
            try {
                s3.copyObject(
                        r ->
                                r.sourceBucket(bucket)
                                        .sourceKey(stagingKey)
                                        .destinationBucket(bucket)
                                        .destinationKey(objectKey)
                                        .metadataDirective(MetadataDirective.REPLACE)
                                        .metadata(metadata)
                                        .contentType("application/octet-stream")
                                        .storageClass(storageClass));
            } catch (SdkException e) {
                throw S3Errors.translate("copying the uploaded parts to " + location, null, e);
            }
            return;
        }
        String copyId;
        try {
            copyId =
                    s3.createMultipartUpload(
                                    r ->
                                            r.bucket(bucket)
                                                    .key(objectKey)
                                                    .storageClass(storageClass)
                                                    .contentType("application/octet-stream")
                                                    .metadata(metadata))
                            .uploadId();
        } catch (SdkException e) {
            throw S3Errors.translate("multipart copy to " + location, null, e);
        }
        try {
            List<CompletedPart> copied = new ArrayList<>();
            for (long first = 0; first < total; first += copyPartSize) {
                String range = "bytes=" + first + "-" + (Math.min(first + copyPartSize, total) - 1);
                int number = copied.size() + 1;
                UploadPartCopyResponse response =
                        s3.uploadPartCopy(
                                r ->
                                        r.sourceBucket(bucket)
                                                .sourceKey(stagingKey)
                                                .destinationBucket(bucket)
                                                .destinationKey(objectKey)
                                                .uploadId(copyId)
                                                .partNumber(number)
                                                .copySourceRange(range));
                copied.add(
                        CompletedPart.builder()
                                .partNumber(number)
                                .eTag(response.copyPartResult().eTag())
                                .build());
            }
            s3.completeMultipartUpload(
                    r ->
                            r.bucket(bucket)
                                    .key(objectKey)
                                    .uploadId(copyId)
                                    .multipartUpload(u -> u.parts(copied)));
        } catch (SdkException e) {
            IOException failure = S3Errors.translate("multipart copy to " + location, null, e);
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(objectKey).uploadId(copyId));
            } catch (SdkException abort) {
                failure.addSuppressed(abort);
            }
            throw failure;
        }
    }

    private void deleteStaging() {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(stagingKey));
        } catch (SdkException e) {
            // The object is published; a staging copy left behind only costs space until
            // abortStaleUploads.
            stagingComplete = false;
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
