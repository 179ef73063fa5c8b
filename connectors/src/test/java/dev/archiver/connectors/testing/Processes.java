package dev.archiver.connectors.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs command-line tools (tar, zstd) the way an operator would. */
public final class Processes {

    public record Result(int exitCode, String stdout, String stderr) {}

    private Processes() {}

    /** Runs {@code script} with sh in {@code directory}, output captured. */
    public static Result sh(Path directory, String script)
            throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(List.of("sh", "-c", script))
                        .directory(directory.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
        // Drain stderr on another thread so neither pipe can fill up and block the tool.
        var stderr = new java.util.concurrent.CompletableFuture<String>();
        Thread drain =
                new Thread(
                        () -> {
                            try {
                                stderr.complete(
                                        new String(
                                                process.getErrorStream().readAllBytes(),
                                                StandardCharsets.UTF_8));
                            } catch (IOException e) {
                                stderr.completeExceptionally(e);
                            }
                        });
        drain.start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        drain.join();
        return new Result(exit, stdout, stderr.join());
    }
}
