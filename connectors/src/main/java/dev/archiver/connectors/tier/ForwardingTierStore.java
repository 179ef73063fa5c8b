package dev.archiver.connectors.tier;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A tier store that passes everything to another one; a subclass overrides what it changes (a store
 * that routes some writes elsewhere, a test store that fails or slows down). {@link #openVerified}
 * is left to the default, which reads through {@link #open}, so an override of {@code open} covers
 * verified reads too.
 */
public abstract class ForwardingTierStore implements TierStore {

    protected final TierStore delegate;

    protected ForwardingTierStore(TierStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public <T> T put(String key, ObjectWriter<T> writer) throws IOException {
        return delegate.put(key, writer);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return delegate.open(key);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) throws IOException {
        return delegate.openRange(key, offset, length);
    }

    @Override
    public long size(String key) throws IOException {
        return delegate.size(key);
    }

    @Override
    public ObjectInfo stat(String key) throws IOException {
        return delegate.stat(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return delegate.exists(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
        delegate.delete(key);
    }

    @Override
    public String location(String key) {
        return delegate.location(key);
    }

    @Override
    public java.util.Optional<ColdObjects> thaws() {
        return delegate.thaws();
    }
}
