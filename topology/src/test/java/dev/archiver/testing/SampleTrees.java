package dev.archiver.testing;

import java.nio.file.Path;

/** Source trees the integration tests archive. */
public final class SampleTrees {

  /** Size of a chunk on the shared archiver ({@link SharedArchiver#embeddedOnFreePorts}). */
  public static final int SHARED_CHUNK_SIZE = 256 * 1024;

  private SampleTrees() {}

  /**
   * Nested dirs, empty file and dirs, file and dir symlinks, a file spanning chunks, non-ASCII
   * names, modes.
   */
  public static SourceTree mixed(Path root) throws Exception {
    SourceTree tree = new SourceTree(root, 11);
    tree.text("docs/readme.txt", "read me\n".repeat(500), "rw-r--r--");
    tree.text("docs/nested/deeper/deepest.txt", "deep\n", "rw-r--r--");
    tree.text("empty.dat", "", "rw-r--r--");
    tree.dir("empty-dir", "rwxr-xr-x");
    tree.dir("private-empty", "rwx------");
    tree.text("bin/run.sh", "#!/bin/sh\necho archived\n", "rwxr-xr-x");
    tree.text("secret.key", "not really a key", "rw-------");
    tree.random("big.bin", 700 * 1024); // spans three 256 KiB chunks, boundaries inside its content
    tree.text("données/été.txt", "non-ASCII names travel as pax headers\n", "rw-r--r--");
    tree.random("日本語.bin", 3000);
    tree.symlink("link-to-file", "docs/readme.txt");
    tree.symlink("link-to-dir", "docs");
    return tree.finish();
  }
}
