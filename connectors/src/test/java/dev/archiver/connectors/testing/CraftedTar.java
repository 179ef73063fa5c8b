package dev.archiver.connectors.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes tar streams entry by entry with commons-compress, names kept exactly as given (leading '/'
 * included), to feed a restore what our archiver never writes.
 */
public final class CraftedTar {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    private CraftedTar(int longFileMode) {
        tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(longFileMode);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** Long or non-ASCII names go into pax headers. */
    public static CraftedTar posix() {
        return new CraftedTar(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    /** Long names go into GNU 'L' / 'K' entries. */
    public static CraftedTar gnu() {
        return new CraftedTar(TarArchiveOutputStream.LONGFILE_GNU);
    }

    public CraftedTar file(String name, String content) {
        return file(name, content, 0644);
    }

    public CraftedTar file(String name, String content, int mode) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        entry.setMode(mode);
        return add(entry, data);
    }

    public CraftedTar dir(String name) {
        return dir(name, 0755);
    }

    public CraftedTar dir(String name, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        entry.setMode(mode);
        return add(entry, null);
    }

    public CraftedTar symlink(String name, String target) {
        return link(name, TarConstants.LF_SYMLINK, target);
    }

    public CraftedTar hardLink(String name, String target) {
        return link(name, TarConstants.LF_LINK, target);
    }

    public CraftedTar special(String name, byte typeflag) {
        return add(new TarArchiveEntry(name, typeflag, true), null);
    }

    public byte[] bytes() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private CraftedTar link(String name, byte typeflag, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, typeflag, true);
        entry.setLinkName(target);
        return add(entry, null);
    }

    private CraftedTar add(TarArchiveEntry entry, byte[] data) {
        entry.setModTime(1_600_000_000_000L);
        try {
            tar.putArchiveEntry(entry);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
