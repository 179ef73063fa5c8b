package dev.archiver.connectors.file;

/**
 * Guards the relative paths a plan holds, so a stored (or tampered) plan can never reach outside
 * its root.
 */
final class RelativePaths {

    private RelativePaths() {}

    static String requireSafe(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a relative path must not be empty");
        }
        if (path.startsWith("/")
                || path.indexOf('\0')
                        >= 0) { // a backslash is an ordinary character in a POSIX name
            throw new IllegalArgumentException("not a safe relative path: " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("not a safe relative path: " + path);
            }
        }
        return path;
    }
}
