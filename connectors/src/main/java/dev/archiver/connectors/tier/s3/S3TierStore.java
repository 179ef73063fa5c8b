package dev.archiver.connectors.tier.s3;

import dev.archiver.connectors.tier.ColdObjects;
import dev.archiver.connectors.tier.ObjectFrozenException;
import dev.archiver.connectors.tier.ObjectInfo;
import dev.archiver.connectors.tier.ObjectWriter;
import dev.archiver.connectors.tier.Sha256VerifyingInputStream;
import dev.archiver.connectors.tier.ThawState;
import dev.archiver.connectors.tier.TierKeys;
import dev.archiver.connectors.tier.TierStore;
import dev.archiver.connectors.tier.TierStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A tier in an S3 bucket (AWS or S3-compatible): key "a/b" is the object {@code <prefix>a/b}.
 *
 * <ul>
 *   <li>put streams with bounded memory (see {@link S3ObjectUpload}); every object carries its
 *       SHA-256 in the {@code x-amz-meta-sha256} metadata, which {@link #stat} reports and {@link
 *       #openVerified} checks;
 *   <li>reads stream; {@link #openRange} is one range request;
 *   <li>every call retries retriable failures as the settings say (one client from {@link
 *       S3Clients}), then throws a {@link TierStoreException} that says whether a later retry may
 *       pass.
 * </ul>
 *
 * Keys under {@code .sha256/} (the SHA-256 of multipart objects, see {@link S3ObjectUpload}) and
 * {@code .thaw/} (simulated thaw markers) of the prefix are the store's own: they are refused as
 * keys and never listed.
 */
public final class S3TierStore implements TierStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3TierStore.class);

    static final String SHA256 = ".sha256/";
    static final String THAW = ".thaw/";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final S3TierSettings settings;
    private final S3Client s3;
    private final boolean ownsClient;
    private final Clock clock;
    private final String bucket;
    private final String prefix;
    private final ColdObjects cold;
    private final SimulatedColdObjects simulated;

    public S3TierStore(S3TierSettings settings) {
        this(settings, S3Clients.create(settings), true, Clock.systemUTC());
    }

    /** With the clock that decides how old an upload is and where a simulated thaw is. */
    public S3TierStore(S3TierSettings settings, Clock clock) {
        this(settings, S3Clients.create(settings), true, clock);
    }

    S3TierStore(S3TierSettings settings, S3Client s3, boolean ownsClient, Clock clock) {
        this.settings = settings;
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.clock = clock;
        this.bucket = settings.bucket();
        this.prefix = settings.keyPrefix();
        if (settings.thawMode() == ThawMode.SIMULATED) {
            this.simulated =
                    new SimulatedColdObjects(this, settings.simulatedThawDuration(), clock);
            this.cold = simulated;
        } else {
            this.simulated = null;
            this.cold = new S3ColdObjects(this, clock);
        }
    }

    public S3TierSettings settings() {
        return settings;
    }

    /** Thawing of cold objects, real or simulated as the settings say. */
    public ColdObjects coldObjects() {
        return cold;
    }

    @Override
    public Optional<ColdObjects> thaws() {
        return Optional.of(cold);
    }

    /**
     * Fails fast at start-up when the bucket is missing or not ours to use (HeadBucket).
     *
     * @throws TierStoreException permanent for a missing bucket or denied access, retriable for an
     *     outage
     */
    public void checkBucket() throws IOException {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (SdkException e) {
            throw S3Errors.translate("HEAD bucket " + bucket, null, e);
        }
    }

    @Override
    public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
        String objectKey = objectKey(key);
        S3ObjectUpload upload =
                new S3ObjectUpload(
                        s3, bucket, objectKey, internalKey(SHA256 + key), location(key), settings);
        T result;
        try {
            result = writer.writeTo(upload);
            upload.finish();
        } catch (Throwable e) { // the writer's failure or ours: no object, no open upload
            upload.abort(e);
            throw e;
        }
        if (simulated != null && settings.storageClass().cold()) {
            simulated.forget(key); // a new object is frozen, whatever thaw the previous one had
        }
        return result;
    }

    @Override
    public InputStream open(String key) throws IOException {
        return get(key, null).stream;
    }

    @Override
    public InputStream openVerified(String key) throws IOException {
        Get get = get(key, null);
        Optional<String> sha256;
        try {
            sha256 = recordedSha256(key, get.response.metadata(), get.response.checksumSHA256());
        } catch (IOException | RuntimeException e) {
            get.stream.close();
            throw e;
        }
        return sha256.<InputStream>map(sha -> new Sha256VerifyingInputStream(get.stream, key, sha))
                .orElse(get.stream);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "offset and length must not be negative: " + offset + "+" + length);
        }
        if (length == 0) {
            long size = stat(key).size();
            if (offset > size) {
                throw pastTheEnd(key, offset, length, size);
            }
            return InputStream.nullInputStream();
        }
        long last = offset + length - 1;
        Get get = get(key, "bytes=" + offset + "-" + last);
        String contentRange = get.response.contentRange();
        Matcher m = contentRange == null ? null : CONTENT_RANGE.matcher(contentRange);
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) != offset) {
            get.stream.close();
            throw new TierStoreException(
                    "S3 GET "
                            + location(key)
                            + " answered range "
                            + contentRange
                            + " to bytes="
                            + offset
                            + "-"
                            + last,
                    false);
        }
        if (Long.parseLong(m.group(2)) != last) {
            get.stream.close();
            throw pastTheEnd(
                    key, offset, length, m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3)));
        }
        return get.stream;
    }

    @Override
    public long size(String key) throws IOException {
        return stat(key).size();
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
        HeadObjectResponse head = head(key);
        return new ObjectInfo(
                head.contentLength(),
                storageClassOf(head.storageClassAsString()),
                recordedSha256(key, head.metadata(), head.checksumSHA256()));
    }

    @Override
    public boolean exists(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            s3.headObject(r -> r.bucket(bucket).key(objectKey));
            return true;
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return false;
            }
            throw S3Errors.translate("HEAD " + location(key), null, e);
        }
    }

    @Override
    public List<String> list(String listPrefix) throws IOException {
        TierKeys.requireValidPrefix(listPrefix);
        try {
            return s3
                    .listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + listPrefix))
                    .contents()
                    .stream()
                    .map(o -> o.key().substring(prefix.length()))
                    .filter(key -> !isReserved(key))
                    .sorted(TierKeys.UTF8_ORDER)
                    .collect(Collectors.toList());
        } catch (SdkException e) {
            throw S3Errors.translate("LIST s3://" + bucket + "/" + prefix + listPrefix, null, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(objectKey));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw S3Errors.translate("DELETE " + location(key), null, e);
            }
        }
        deleteInternal(SHA256 + key, key);
        if (simulated != null) {
            simulated.forget(key);
        }
    }

    @Override
    public String location(String key) {
        return "s3://" + bucket + "/" + objectKey(key);
    }

    /**
     * Aborts the multipart uploads under the prefix started before now - {@code olderThan}: what a
     * process that died mid-upload left (S3 bills their parts until they are aborted; they never
     * become objects). Run it with an age well above the longest upload, or it aborts uploads still
     * running.
     *
     * @return how many uploads were aborted
     */
    public int abortStaleUploads(Duration olderThan) throws IOException {
        Instant cutoff = clock.instant().minus(olderThan);
        int aborted = 0;
        try {
            for (MultipartUpload upload :
                    s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix))
                            .uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                    s3.abortMultipartUpload(
                            r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    LOG.info(
                            "aborted multipart upload of s3://{}/{} started {}",
                            bucket,
                            upload.key(),
                            upload.initiated());
                    aborted++;
                }
            }
        } catch (SdkException e) {
            throw S3Errors.translate(
                    "aborting stale uploads under s3://" + bucket + "/" + prefix, null, e);
        }
        return aborted;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    S3Client client() {
        return s3;
    }

    String bucket() {
        return bucket;
    }

    /** The full object key of a tier key, checked. */
    String objectKey(String key) {
        TierKeys.requireValidKey(key);
        if (isReserved(key)) {
            throw new IllegalArgumentException("key is reserved for the store: " + key);
        }
        return prefix + key;
    }

    /** The full object key of a store-internal key (e.g. a thaw marker). */
    String internalKey(String relative) {
        return prefix + relative;
    }

    HeadObjectResponse head(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return s3.headObject(
                    r -> r.bucket(bucket).key(objectKey).checksumMode(ChecksumMode.ENABLED));
        } catch (SdkException e) {
            throw S3Errors.translate("HEAD " + location(key), key, e);
        }
    }

    private Get get(String key, String range) throws IOException {
        String objectKey = objectKey(key);
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(r -> r.bucket(bucket).key(objectKey).range(range));
        } catch (SdkException e) {
            if (e instanceof S3Exception s3e && "InvalidRange".equals(S3Errors.code(s3e))) {
                throw new TierStoreException(
                        "range " + range + " starts past the end of " + location(key), e, false);
            }
            throw S3Errors.translate("GET " + location(key), key, e);
        }
        String storageClass = in.response().storageClassAsString();
        if (simulated != null && S3StorageClass.isCold(storageClass)) {
            ThawState state = simulated.thawState(key);
            if (!state.readable()) {
                in.abort();
                in.close();
                throw new ObjectFrozenException(key, storageClass, state);
            }
        }
        return new Get(in.response(), new S3ObjectInputStream(in, location(key)));
    }

    private TierStoreException pastTheEnd(String key, long offset, long length, long size) {
        return new TierStoreException(
                "range "
                        + offset
                        + "+"
                        + length
                        + " reaches past the end of "
                        + location(key)
                        + (size >= 0 ? " (" + size + " bytes)" : ""),
                false);
    }

    private static boolean isReserved(String key) {
        return key.startsWith(SHA256)
                || key.startsWith(THAW)
                || key.equals(".sha256")
                || key.equals(".thaw");
    }

    static String storageClassOf(String reported) {
        return reported == null || reported.isEmpty() ? S3StorageClass.STANDARD.name() : reported;
    }

    /**
     * The SHA-256 the object was written with: from its metadata (single put), from its side object
     * when the reference matches (multipart), else S3's own full-object checksum (single-part
     * objects written by other tools; a "...-N" value is a checksum of part checksums and says
     * nothing about the whole).
     */
    private Optional<String> recordedSha256(
            String key, Map<String, String> metadata, String checksumSha256) throws IOException {
        String sha256 = metadata.get(S3ObjectUpload.SHA256_METADATA);
        if (sha256 != null && sha256.matches("[0-9a-f]{64}")) {
            return Optional.of(sha256);
        }
        String ref = metadata.get(S3ObjectUpload.SHA256_REF_METADATA);
        if (ref != null) {
            Optional<String> text = readInternal(SHA256 + key, key);
            return text.flatMap(t -> Sidecar.sha256For(t, ref));
        }
        if (checksumSha256 != null && !checksumSha256.contains("-")) {
            try {
                byte[] raw = Base64.getDecoder().decode(checksumSha256);
                if (raw.length == 32) {
                    return Optional.of(HexFormat.of().formatHex(raw));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A small store-owned object (side object, thaw marker) as text; empty if there is none. */
    Optional<String> readInternal(String relative, String forKey) throws IOException {
        String internal = internalKey(relative);
        try {
            return Optional.of(
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(internal))
                            .asString(StandardCharsets.UTF_8));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return Optional.empty();
            }
            throw S3Errors.translate(
                    "GET s3://" + bucket + "/" + internal + " (for " + forKey + ")", null, e);
        }
    }

    void deleteInternal(String relative, String forKey) throws IOException {
        String internal = internalKey(relative);
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(internal));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw S3Errors.translate(
                        "DELETE s3://" + bucket + "/" + internal + " (for " + forKey + ")",
                        null,
                        e);
            }
        }
    }

    private record Get(GetObjectResponse response, InputStream stream) {}
}
