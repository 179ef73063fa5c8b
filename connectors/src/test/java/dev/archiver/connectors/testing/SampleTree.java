package dev.archiver.connectors.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Builds source trees for tests: files with given modes and fixed mtimes, dirs, symlinks. */
public final class SampleTree {

    private static final long BASE_MTIME = 1_600_000_000L;

    private final Path root;
    private final Random random = new Random(42);
    private long nextMtime = BASE_MTIME;

    public SampleTree(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    public Path root() {
        return root;
    }

    public Path text(String path, String content, String mode) throws IOException {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    public Path random(String path, int size) throws IOException {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return file(path, bytes, "rw-r--r--");
    }

    public Path file(String path, byte[] content, String mode) throws IOException {
        Path file = root.resolve(path);
        ensureParents(file);
        Files.write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return stamp(file);
    }

    public Path dir(String path, String mode) throws IOException {
        Path dir = root.resolve(path);
        ensureParents(dir);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        return dir;
    }

    public Path symlink(String path, String target) throws IOException {
        Path link = root.resolve(path);
        ensureParents(link);
        Files.createSymbolicLink(link, Path.of(target));
        return stamp(link);
    }

    /**
     * Fixes every directory's mtime last, since adding children changes it. Call once the tree is
     * complete.
     */
    public SampleTree finish() throws IOException {
        List<Path> directories = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> !p.equals(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(directories::add);
        }
        for (Path directory : directories) {
            stamp(directory);
        }
        return this;
    }

    /**
     * The usual suspects: empty file and dir, modes, symlinks, nesting, long and non-ASCII names.
     */
    public static SampleTree mixed(Path root) throws IOException {
        SampleTree tree = new SampleTree(root);
        tree.dir("empty-dir", "rwxr-xr-x");
        tree.text("empty.dat", "", "rw-r--r--");
        tree.text("docs/readme.txt", "read me\n".repeat(300), "rw-r--r--");
        tree.text("bin/run.sh", "#!/bin/sh\necho hi\n", "rwxr-xr-x");
        tree.text("secret.key", "not really", "rw-------");
        tree.dir("private", "rwx------");
        tree.text("private/notes.txt", "private notes", "rw-r-----");
        tree.text("a/b/c/d/deep.txt", "deep", "rw-r--r--");
        tree.text("données/ünïcødé-файл.txt", "non-ASCII name", "rw-r--r--");
        tree.text("日本語/ファイル.txt", "日本語の内容", "rw-r--r--");
        tree.text("long/" + "x".repeat(120) + ".txt", "a name over 100 bytes", "rw-r--r--");
        tree.text(
                "long/" + "d".repeat(60) + "/" + "e".repeat(60) + "/f.txt",
                "a long path",
                "rw-r--r--");
        tree.symlink("link-to-readme", "docs/readme.txt");
        tree.symlink("link-to-dir", "docs");
        tree.symlink("dangling", "does/not/exist");
        tree.symlink("long-link", "../" + "t".repeat(150));
        tree.symlink("ünïcødé-link", "données/ünïcødé-файл.txt");
        tree.random("big.bin", 20_000); // 5 chunks of 4 KiB
        return tree.finish();
    }

    private void ensureParents(Path path) throws IOException {
        Files.createDirectories(path.getParent());
    }

    private Path stamp(Path path) throws IOException {
        FileTime time = FileTime.from(java.time.Instant.ofEpochSecond(nextMtime++));
        Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(time, null, null);
        return path;
    }
}
